"""The receipt an agent hands over, as a PDF in Vietnamese (printable at the counter): the point, the payer, what
was paid for (months, members by rank, income and mode), the amounts (the State's support, the amount paid), the
receipt number and a QR code holding the receipt's code."""

from __future__ import annotations

from html import escape
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing

from ansinh.contributions.models import Receipt
from ansinh.core import presentation as p
from ansinh.core.pdf import Paragraph, Spacer, build, mm, styles, table

MODE_VI = {"monthly": "hằng tháng", "3_months": "3 tháng một lần", "6_months": "6 tháng một lần",
           "12_months": "12 tháng một lần", "advance": "đóng trước nhiều năm"}


def _qr(code: str, size: float = 32 * mm) -> Drawing:
    widget = QrCodeWidget(code, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def receipt_pdf(receipt: Receipt, members: list[dict[str, Any]], code: str) -> bytes:
    s = styles()
    agent = receipt.agent
    payer = receipt.person.full_name if receipt.person_id else f"Hộ gia đình {receipt.household.code}"  # type: ignore[union-attr]
    what = "Bảo hiểm xã hội tự nguyện" if receipt.scheme == Receipt.Scheme.VSI else "Bảo hiểm y tế hộ gia đình"
    flow: list[Any] = [
        Paragraph(escape(p.agency_name(agent.commune)).upper(), s["subtitle"]),
        Paragraph(f"Đại lý thu: {escape(agent.name)} · Mã điểm thu {agent.code}", s["subtitle"]),
        Spacer(1, 3 * mm),
        Paragraph("BIÊN LAI THU TIỀN ĐÓNG BẢO HIỂM XÃ HỘI TỰ NGUYỆN, BẢO HIỂM Y TẾ", s["title"]),
        Paragraph(f"Số: <b>{escape(receipt.number)}</b> · Ngày {p.date(receipt.taken_on, 'vi')}", s["subtitle"]),
        Spacer(1, 4 * mm),
        Paragraph(f"Người nộp / đóng cho: <b>{escape(payer)}</b>", s["body"]),
    ]
    if receipt.person_id:
        person = receipt.person
        flow.append(Paragraph(f"Số định danh cá nhân: {person.citizen_id or '—'} · Mã số BHXH: {person.si_code or '—'}",  # type: ignore[union-attr]
                              s["body"]))
    flow += [Paragraph(f"Loại: {what} · Từ tháng {p.month(receipt.from_month, 'vi')} đến tháng "
                       f"{p.month(receipt.to_month, 'vi')}", s["body"])]
    if receipt.scheme == Receipt.Scheme.VSI:
        detail = receipt.detail or {}
        flow.append(Paragraph(f"Mức thu nhập lựa chọn: {p.money(receipt.income, 'vi')} · Phương thức: "
                              f"{MODE_VI.get(detail.get('mode', ''), detail.get('mode', ''))}", s["body"]))
    if members and receipt.scheme == Receipt.Scheme.HI_HOUSEHOLD:
        rows = [["Thứ tự", "Họ và tên", "Mã số BHXH", "Số tiền"]]
        for m in members:
            rows.append([str(m["rank"]), escape(m["person"].full_name), m["person"].si_code or "—",
                         p.number(m["due"].amount, lang="vi") if m["due"] else "—"])
        flow += [Spacer(1, 2 * mm), table(rows, col_widths=[16 * mm, 80 * mm, 34 * mm, 40 * mm], numeric_from_col=3)]
    amounts = [["", "Số tiền (đồng)"],
               ["Tổng số phải đóng", p.number(receipt.gross, lang="vi")],
               ["Ngân sách Nhà nước hỗ trợ", p.number(receipt.state_support, lang="vi")],
               ["Số tiền người tham gia đã nộp", p.number(receipt.payable, lang="vi")]]
    flow += [Spacer(1, 3 * mm), table(amounts, col_widths=[110 * mm, 60 * mm], numeric_from_col=1),
             Spacer(1, 4 * mm), _qr(code),
             Paragraph(f"Mã biên lai: {escape(code)}", s["small"]),
             Spacer(1, 3 * mm),
             Paragraph("Biên lai là căn cứ xác nhận đã nộp tiền. Thẻ BHYT được cấp sau khi đại lý nộp tiền về cơ quan "
                       "BHXH.", s["small"])]
    return build(flow, title=f"Biên lai {receipt.number}")
