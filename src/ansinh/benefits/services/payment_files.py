"""Payment files of a month's list, per channel, limited to the localities of the user who asks:

- bank transfer file (channel `bank_card`), CSV and XLSX: one row per beneficiary and account — name, citizen ID,
  account number, bank, amount (what the payee receives: the lines' amount − deductions), reference, and the ids of
  the lines it pays (the return file answers by line id);
- postal-service list (channels `cash_home`, `cash_point`) by commune and payment point, XLSX and a Vietnamese PDF
  with a signature column, the totals of each commune and payment point, and a signature line.

Only lines still to pay (`built`) are exported. One query per file; the grouping is done in Python on the rows read.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from reportlab.platypus import Table, TableStyle

from ansinh.accounts.scope import restrict_by_commune
from ansinh.benefits.models import PaymentChannel, Payroll, PayrollLine
from ansinh.core import pdf
from ansinh.core.exports import csv_writer, xlsx_bytes
from ansinh.core.presentation import money

BANK_CHANNELS = (PaymentChannel.BANK_CARD,)
POSTAL_CHANNELS = (PaymentChannel.CASH_HOME, PaymentChannel.CASH_POINT)
FILE_NAMES = ("bank.csv", "bank.xlsx", "postal.xlsx", "postal.pdf")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass
class PaymentRow:
    """One beneficiary (and account or payment point) on the list, with the lines it pays."""

    name: str
    citizen_id: str
    si_code: str
    account: str
    bank: str
    channel: str
    commune: str
    payment_point: str
    address: str
    amount: int = 0
    months: list[str] = field(default_factory=list)
    line_ids: list[int] = field(default_factory=list)

    def reference(self, period: str) -> str:
        return f"BHXH {period} {self.line_ids[0]}"


def _lines(payroll: Payroll, user: Any, channels: tuple[str, ...]) -> list[dict[str, Any]]:
    qs = PayrollLine.objects.filter(payroll=payroll, status=PayrollLine.Status.BUILT, channel__in=channels)
    qs = restrict_by_commune(qs, user, "person__address_commune_id")
    empty = Value("")
    return list(
        qs.annotate(
            payee=Coalesce(
                NullIf(F("decision__claim__claimant_name"), empty),
                NullIf(F("reissue_of__decision__claim__claimant_name"), empty),
                F("person__full_name"),
            ),
            account=Coalesce(
                F("entitlement__bank_account"),
                F("decision__bank_account"),
                F("reissue_of__decision__bank_account"),
                empty,
            ),
            bank=Coalesce(
                F("entitlement__bank_name"),
                F("decision__bank_name"),
                F("reissue_of__decision__bank_name"),
                empty,
            ),
            point=Coalesce(
                F("entitlement__payment_point"),
                F("decision__payment_point"),
                F("reissue_of__decision__payment_point"),
                empty,
            ),
        )
        .values(
            "id",
            "payee",
            "account",
            "bank",
            "point",
            "channel",
            "for_month",
            "amount",
            "deduction",
            "kind",
            "person_id",
            "person__citizen_id",
            "person__si_code",
            "person__address_line",
            "person__address_commune__name",
        )
        .order_by("person__address_commune__name", "point", "payee", "id")
    )


def payment_rows(payroll: Payroll, *, user: Any, channels: tuple[str, ...]) -> list[PaymentRow]:
    rows: dict[tuple[Any, ...], PaymentRow] = {}
    for ln in _lines(payroll, user, channels):
        key = (ln["person_id"], ln["payee"], ln["account"], ln["bank"], ln["channel"], ln["point"])
        row = rows.get(key)
        if row is None:
            row = rows[key] = PaymentRow(
                name=ln["payee"] or "",
                citizen_id=ln["person__citizen_id"] or "",
                si_code=ln["person__si_code"] or "",
                account=ln["account"] or "",
                bank=ln["bank"] or "",
                channel=ln["channel"],
                commune=ln["person__address_commune__name"] or "",
                payment_point=ln["point"] or "",
                address=ln["person__address_line"] or "",
            )
        row.amount += int(ln["amount"]) - int(ln["deduction"])
        label = f"{ln['for_month']:%m/%Y}" + (
            "" if ln["kind"] == PayrollLine.Kind.REGULAR else f" ({ln['kind']})"
        )
        row.months.append(label)
        row.line_ids.append(ln["id"])
    return list(rows.values())


# --- bank transfer file ----------------------------------------------------------------------------------------

BANK_HEADER = ["no", "name", "citizen_id", "account_number", "bank", "amount", "reference", "line_ids"]


def bank_rows(payroll: Payroll, *, user: Any) -> list[list[Any]]:
    period = f"{payroll.period:%Y-%m}"
    rows = sorted(payment_rows(payroll, user=user, channels=BANK_CHANNELS), key=lambda r: (r.bank, r.name))
    return [
        [
            i,
            r.name,
            r.citizen_id,
            r.account,
            r.bank,
            r.amount,
            r.reference(period),
            ";".join(str(x) for x in r.line_ids),
        ]
        for i, r in enumerate(rows, start=1)
    ]


def bank_csv(payroll: Payroll, *, user: Any) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(BANK_HEADER)
    writer.writerows(bank_rows(payroll, user=user))
    return out.getvalue().encode("utf-8-sig")


def bank_xlsx(payroll: Payroll, *, user: Any) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = f"CK {payroll.period:%m-%Y}"
    ws.append(
        [
            "STT",
            "Họ và tên",
            "Số CCCD",
            "Số tài khoản",
            "Ngân hàng",
            "Số tiền (đồng)",
            "Nội dung",
            "Mã dòng (line_id)",
        ]
    )
    for c in ws[1]:
        c.font = Font(bold=True)
    rows = bank_rows(payroll, user=user)
    for r in rows:
        ws.append(r)
        ws.cell(row=ws.max_row, column=4).number_format = "@"  # account numbers keep their leading zeros
        ws.cell(row=ws.max_row, column=6).number_format = "#,##0"
    ws.append(["", "Tổng cộng", "", "", "", sum(r[5] for r in rows), f"{len(rows)} người", ""])
    for c in ws[ws.max_row]:
        c.font = Font(bold=True)
    ws.cell(row=ws.max_row, column=6).number_format = "#,##0"
    for col, width in zip("ABCDEFGH", (6, 28, 14, 20, 18, 16, 26, 18), strict=True):
        ws.column_dimensions[col].width = width
    return xlsx_bytes(wb)


# --- postal-service list ---------------------------------------------------------------------------------------


@dataclass
class CommuneGroup:
    commune: str
    points: dict[str, list[PaymentRow]]

    @property
    def total(self) -> int:
        return sum(r.amount for rows in self.points.values() for r in rows)

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.points.values())


def postal_groups(payroll: Payroll, *, user: Any) -> list[CommuneGroup]:
    by: dict[str, dict[str, list[PaymentRow]]] = defaultdict(lambda: defaultdict(list))
    for r in payment_rows(payroll, user=user, channels=POSTAL_CHANNELS):
        point = r.payment_point or ("Chi trả tại nhà" if r.channel == PaymentChannel.CASH_HOME else "")
        by[r.commune][point].append(r)
    return [CommuneGroup(c, dict(sorted(points.items()))) for c, points in sorted(by.items())]


POSTAL_HEADER = ["STT", "Họ và tên", "Số CCCD", "Mã số BHXH", "Địa chỉ", "Tháng", "Số tiền (đồng)", "Ký nhận"]


def postal_xlsx(payroll: Payroll, *, user: Any) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = f"Bưu điện {payroll.period:%m-%Y}"
    bold = Font(bold=True)
    ws.append([f"DANH SÁCH CHI TRẢ QUA BƯU ĐIỆN — THÁNG {payroll.period:%m/%Y}"])
    ws["A1"].font = bold
    grand, people = 0, 0
    for g in postal_groups(payroll, user=user):
        ws.append([])
        ws.append([g.commune])
        ws.cell(row=ws.max_row, column=1).font = bold
        for point, rows in g.points.items():
            ws.append([f"Điểm chi trả: {point}"])
            ws.append(POSTAL_HEADER)
            for c in ws[ws.max_row]:
                c.font = bold
            for i, r in enumerate(rows, start=1):
                ws.append([i, r.name, r.citizen_id, r.si_code, r.address, ", ".join(r.months), r.amount, ""])
                ws.cell(row=ws.max_row, column=7).number_format = "#,##0"
            ws.append(
                [
                    "",
                    f"Cộng điểm chi trả ({len(rows)} người)",
                    "",
                    "",
                    "",
                    "",
                    sum(r.amount for r in rows),
                    "",
                ]
            )
            ws.cell(row=ws.max_row, column=7).number_format = "#,##0"
        ws.append(["", f"Tổng {g.commune} ({g.count} người)", "", "", "", "", g.total, ""])
        for c in ws[ws.max_row]:
            c.font = bold
        ws.cell(row=ws.max_row, column=7).number_format = "#,##0"
        grand, people = grand + g.total, people + g.count
    ws.append([])
    ws.append(["", f"TỔNG CỘNG ({people} người)", "", "", "", "", grand, ""])
    for c in ws[ws.max_row]:
        c.font = bold
    ws.cell(row=ws.max_row, column=7).number_format = "#,##0"
    ws.append([])
    ws.append(["", "Người lập biểu", "", "Kế toán", "", "Nhân viên bưu điện", "", "Giám đốc"])
    for col, width in zip("ABCDEFGH", (6, 28, 14, 13, 30, 22, 16, 18), strict=True):
        ws.column_dimensions[col].width = width
    return xlsx_bytes(wb)


def postal_pdf(payroll: Payroll, *, user: Any, agency: str = "BẢO HIỂM XÃ HỘI") -> bytes:
    s = pdf.styles()
    P, vnd = pdf.Paragraph, pdf.vnd
    flow: list[Any] = [
        P(agency, s["bold"]),
        P(
            f"DANH SÁCH CHI TRẢ LƯƠNG HƯU, TRỢ CẤP BẢO HIỂM XÃ HỘI QUA BƯU ĐIỆN — THÁNG {payroll.period:%m/%Y}",
            s["title"],
        ),
        pdf.Spacer(1, 4 * pdf.mm),
    ]
    widths = [
        10 * pdf.mm,
        48 * pdf.mm,
        28 * pdf.mm,
        24 * pdf.mm,
        60 * pdf.mm,
        34 * pdf.mm,
        28 * pdf.mm,
        34 * pdf.mm,
    ]
    grand, people = 0, 0
    groups = postal_groups(payroll, user=user)
    for g in groups:
        flow.append(P(f"{g.commune}", s["bold"]))
        for point, rows in g.points.items():
            flow.append(P(f"Điểm chi trả: {point}", s["body"]))
            data: list[list[Any]] = [POSTAL_HEADER]
            for i, r in enumerate(rows, start=1):
                data.append(
                    [
                        str(i),
                        r.name,
                        r.citizen_id,
                        r.si_code,
                        r.address,
                        ", ".join(r.months),
                        vnd(r.amount),
                        "",
                    ]
                )
            data.append(
                [
                    "",
                    f"Cộng điểm chi trả: {len(rows)} người",
                    "",
                    "",
                    "",
                    "",
                    vnd(sum(r.amount for r in rows)),
                    "",
                ]
            )
            flow.append(pdf.table(data, col_widths=widths, numeric_from_col=6))
            flow.append(pdf.Spacer(1, 2 * pdf.mm))
        flow.append(P(f"Tổng {g.commune}: {g.count} người, {money(g.total, 'vi', words=True)}", s["bold"]))
        flow.append(pdf.Spacer(1, 4 * pdf.mm))
        grand, people = grand + g.total, people + g.count
    if not groups:
        flow.append(P("Không có người hưởng nhận tiền mặt qua bưu điện trong danh sách này.", s["body"]))
    flow.append(P(f"TỔNG CỘNG: {people} người, {money(grand, 'vi', words=True)}", s["bold"]))
    flow.append(pdf.Spacer(1, 8 * pdf.mm))
    sign = [
        ["Người lập biểu", "Kế toán", "Nhân viên bưu điện chi trả", "Giám đốc"],
        ["(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)"],
    ]
    signatures = Table(
        [[P(c, s["bold" if i == 0 else "small"]) for c in row] for i, row in enumerate(sign)],
        colWidths=[65 * pdf.mm] * 4,
    )
    signatures.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    flow.append(signatures)
    return pdf.build(
        flow, title=f"Danh sách chi trả qua bưu điện {payroll.period:%m/%Y}", landscape_page=True
    )


def payment_file(payroll: Payroll, name: str, *, user: Any) -> tuple[bytes, str, str]:
    """(content, content type, file name) of one of FILE_NAMES."""
    makers = {
        "bank.csv": bank_csv,
        "bank.xlsx": bank_xlsx,
        "postal.xlsx": postal_xlsx,
        "postal.pdf": postal_pdf,
    }
    content = makers[name](payroll, user=user)
    stem, ext = name.split(".")
    return content, CONTENT_TYPES[ext], f"{stem}-{payroll.period:%Y-%m}.{ext}"
