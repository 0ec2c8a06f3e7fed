"""The C12-TS notice as a PDF in Vietnamese."""

from __future__ import annotations

from ansinh.contributions.notice import Notice
from ansinh.core import presentation
from ansinh.core.pdf import Paragraph, Spacer, build, mm, styles, table, vnd


def _fund(code: str) -> str:
    return "Cộng" if code == "total" else presentation.name(code, "fund", lang="vi")


def notice_pdf(notice: Notice, *, employer_name: str, unit_code: str, address: str, agency: str) -> bytes:
    s = styles()
    p = notice.period
    rows = [["Quỹ", "Kỳ trước chuyển sang", "Phải đóng trong kỳ", "Điều chỉnh", "Lãi chậm đóng", "Đã nộp trong kỳ",
             "Chuyển kỳ sau"]]
    for line in [*notice.lines, notice.total]:
        rows.append([_fund(line.fund), vnd(line.brought_forward), vnd(line.due),
                     vnd(line.adjustments), vnd(line.interest), vnd(line.paid), vnd(line.carried_forward)])
    flow = [
        Paragraph(agency.upper(), s["bold"]),
        Paragraph("Mẫu C12-TS", s["right"]),
        Spacer(1, 4 * mm),
        Paragraph("THÔNG BÁO KẾT QUẢ ĐÓNG BHXH, BHYT, BHTN, BHTNLĐ-BNN", s["title"]),
        Paragraph(f"Tháng {presentation.month(p, 'vi')}", s["subtitle"]),
        Spacer(1, 5 * mm),
        Paragraph(f"Kính gửi: <b>{employer_name}</b>", s["body"]),
        Paragraph(f"Mã đơn vị: {unit_code} &nbsp;&nbsp; Địa chỉ: {address}", s["body"]),
        Spacer(1, 3 * mm),
        Paragraph(f"Số lao động: {presentation.number(notice.employees, lang='vi')} — Tổng quỹ lương: "
                  f"{presentation.money(notice.salary_fund, 'vi')} — Quỹ lương đóng BHXH: "
                  f"{presentation.money(notice.si_base_total, 'vi')}", s["body"]),
        Spacer(1, 4 * mm),
        table(rows, col_widths=[52 * mm] + [22 * mm] * 6),
        Spacer(1, 4 * mm),
        Paragraph("Đơn vị tính: đồng. Số chuyển kỳ sau = kỳ trước chuyển sang + phải đóng + điều chỉnh + lãi chậm "
                  "đóng − đã nộp. Số dương là số còn phải nộp; số âm là số nộp thừa.", s["small"]),
        Paragraph("Hạn nộp: ngày cuối cùng của tháng tiếp theo (Luật BHXH 41/2024/QH15, Điều 34.4.a). Lãi chậm đóng "
                  "0,03%/ngày trên số tiền chậm đóng (Điều 40.1).", s["small"]),
    ]
    return build(flow, title=f"C12-TS {unit_code} {p}")
