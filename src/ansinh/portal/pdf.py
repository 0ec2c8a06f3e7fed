"""The citizen's statement of contributions ("quá trình đóng") as a PDF in Vietnamese: the periods with employer,
salary and months, the voluntary periods, the months the employer has not yet paid, and the totals per scheme."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from ansinh.core import presentation as p
from ansinh.core.pdf import Paragraph, Spacer, build, mm, styles, table

SCHEME_VI = {"si_total": "BHXH (bắt buộc và tự nguyện)", "si": "BHXH bắt buộc", "vsi": "BHXH tự nguyện",
             "ui": "Bảo hiểm thất nghiệp", "hi": "Bảo hiểm y tế"}


def contributions_pdf(person: Any, history: Any, years: list[dict[str, Any]], today: dt.date) -> bytes:
    s = styles()
    flow: list[Any] = [
        Paragraph("BẢO HIỂM XÃ HỘI VIỆT NAM", s["subtitle"]),
        Paragraph("QUÁ TRÌNH THAM GIA BẢO HIỂM XÃ HỘI, BẢO HIỂM THẤT NGHIỆP, BẢO HIỂM Y TẾ", s["title"]),
        Spacer(1, 3 * mm),
        Paragraph(
            f"Họ và tên: <b>{escape(person.full_name)}</b> · Ngày sinh: {person.birth_display} · "
            f"Mã số BHXH: {person.si_code or '—'} · Số định danh: {person.citizen_id or '—'}",
            s["body"],
        ),
        Paragraph(f"Ngày in: {p.date(today, 'vi')}", s["small"]),
        Spacer(1, 3 * mm),
    ]
    rows = [["Từ tháng", "Đến tháng", "Số tháng", "Đơn vị", "Tiền lương", "Tháng đơn vị chưa đóng"]]
    for period in history.periods:
        rows.append([p.month(period.from_month, "vi"), p.month(period.to_month, "vi"), str(period.months),
                     escape(period.employer_name), p.number(period.salary, lang="vi"), str(period.unconfirmed_months or "")])
    if len(rows) > 1:
        flow += [Paragraph("<b>Bảo hiểm xã hội bắt buộc, bảo hiểm thất nghiệp</b>", s["body"]),
                 table(rows, col_widths=[20 * mm, 20 * mm, 16 * mm, 62 * mm, 30 * mm, 32 * mm], numeric_from_col=4)]
    vrows = [["Từ tháng", "Đến tháng", "Số tháng", "Loại", "Thu nhập", "Số tiền đóng"]]
    for v in history.voluntary:
        vrows.append([p.month(v.from_month, "vi"), p.month(v.to_month, "vi"), str(v.months),
                      "BHXH tự nguyện" if v.scheme == "vsi" else "BHYT hộ gia đình",
                      p.number(v.income, lang="vi") if v.income else "—", p.number(v.payable, lang="vi")])
    if len(vrows) > 1:
        flow += [Spacer(1, 3 * mm), Paragraph("<b>Tự đóng (BHXH tự nguyện, BHYT hộ gia đình)</b>", s["body"]),
                 table(vrows, col_widths=[20 * mm, 20 * mm, 16 * mm, 42 * mm, 30 * mm, 32 * mm], numeric_from_col=4)]
    trows = [["Loại hình", "Tổng số tháng", "Quy ra năm", "Trong đó đã được đơn vị đóng đủ (tháng)"]]
    for y in years:
        trows.append([SCHEME_VI[y["scheme"]], str(y["months"]),
                      f"{y['years']} năm {y['rest']} tháng", str(y["confirmed"])])
    flow += [Spacer(1, 3 * mm), Paragraph("<b>Tổng hợp</b>", s["body"]),
             table(trows, col_widths=[60 * mm, 30 * mm, 40 * mm, 50 * mm], numeric_from_col=1),
             Spacer(1, 3 * mm),
             Paragraph("Tháng đơn vị chưa đóng: thời gian này chưa được tính hưởng chế độ cho đến khi đơn vị đóng "
                       "đủ (Điều 40 Luật BHXH 2024).", s["small"])]
    return build(flow, title="Quá trình đóng")
