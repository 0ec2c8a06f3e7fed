"""The C12-TS notice as a PDF in Vietnamese."""

from __future__ import annotations

from ansinh.contributions.models import Fund
from ansinh.contributions.notice import Notice
from ansinh.core.pdf import Paragraph, Spacer, build, mm, styles, table, vnd

FUND_NAMES_VI = {
    Fund.SM: "Ốm đau, thai sản",
    Fund.OAOD: "Tai nạn lao động, bệnh nghề nghiệp",
    Fund.RS: "Hưu trí, tử tuất",
    Fund.HI: "Bảo hiểm y tế",
    Fund.UI: "Bảo hiểm thất nghiệp",
    "total": "Cộng",
}


def notice_pdf(notice: Notice, *, employer_name: str, unit_code: str, address: str, agency: str) -> bytes:
    s = styles()
    p = notice.period
    rows = [["Quỹ", "Kỳ trước chuyển sang", "Phải đóng trong kỳ", "Điều chỉnh", "Lãi chậm đóng", "Đã nộp trong kỳ",
             "Chuyển kỳ sau"]]
    for line in [*notice.lines, notice.total]:
        rows.append([FUND_NAMES_VI.get(line.fund, line.fund), vnd(line.brought_forward), vnd(line.due),
                     vnd(line.adjustments), vnd(line.interest), vnd(line.paid), vnd(line.carried_forward)])
    flow = [
        Paragraph(agency.upper(), s["bold"]),
        Paragraph("Mẫu C12-TS", s["right"]),
        Spacer(1, 4 * mm),
        Paragraph("THÔNG BÁO KẾT QUẢ ĐÓNG BHXH, BHYT, BHTN, BHTNLĐ-BNN", s["title"]),
        Paragraph(f"Tháng {p.month:02d} năm {p.year}", s["subtitle"]),
        Spacer(1, 5 * mm),
        Paragraph(f"Kính gửi: <b>{employer_name}</b>", s["body"]),
        Paragraph(f"Mã đơn vị: {unit_code} &nbsp;&nbsp; Địa chỉ: {address}", s["body"]),
        Spacer(1, 3 * mm),
        Paragraph(f"Số lao động: {notice.employees:,} — Tổng quỹ lương: {vnd(notice.salary_fund)} đồng — "
                  f"Quỹ lương đóng BHXH: {vnd(notice.si_base_total)} đồng".replace(",", "."), s["body"]),
        Spacer(1, 4 * mm),
        table(rows, col_widths=[52 * mm] + [22 * mm] * 6),
        Spacer(1, 4 * mm),
        Paragraph("Đơn vị tính: đồng. Số chuyển kỳ sau = kỳ trước chuyển sang + phải đóng + điều chỉnh + lãi chậm "
                  "đóng − đã nộp. Số dương là số còn phải nộp; số âm là số nộp thừa.", s["small"]),
        Paragraph("Hạn nộp: ngày cuối cùng của tháng tiếp theo (Luật BHXH 41/2024/QH15, Điều 34.4.a). Lãi chậm đóng "
                  "0,03%/ngày trên số tiền chậm đóng (Điều 40.1).", s["small"]),
    ]
    return build(flow, title=f"C12-TS {unit_code} {p}")
