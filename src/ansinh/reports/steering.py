"""The steering-committee report of a unit for a month: figures, sentences in Vietnamese, tables by scheme and by
commune, notes on roll-up — built once from the summaries and rendered as PDF (core.pdf) or XLSX (openpyxl)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ansinh.core import presentation
from ansinh.core.exports import xlsx_bytes
from ansinh.reports import selectors
from ansinh.reports.figures import (
    SCHEME_VI,
    collection_sentence,
    debt_sentence,
    fmt_int,
    fmt_pct,
    scheme_sentence,
)
from ansinh.reports.selectors import SCHEMES, RollupNotes, Scope, UnitFigures, UnitRef
from ansinh.rules.periods import Month

ROUNDING_NOTE = ("Tỷ lệ (%) được làm tròn nửa lên (half up) từ tỷ số chính xác: thay đổi, độ bao phủ và tỷ lệ nợ "
                 "lấy 1 chữ số thập phân; tỷ lệ hoàn thành kế hoạch trong bảng lấy 2 chữ số thập phân.")
DEBT_NOTE = ("Số nợ cuối tháng gồm nợ gốc (tiền đóng còn phải thu) và lãi chậm đóng còn phải thu, mỗi khoản tính "
             "theo số dư dương của từng người nộp (đơn vị, hộ gia đình, cá nhân) và từng loại bảo hiểm; tỷ lệ nợ so "
             "với kế hoạch thu tính trên tổng số nợ (gốc + lãi).")


@dataclass
class SteeringReport:
    unit: UnitRef
    period: Month
    figures: UnitFigures
    rows: list[UnitFigures] = field(default_factory=list)
    notes: RollupNotes | None = None

    @property
    def title(self) -> str:
        return f"BÁO CÁO TÌNH HÌNH THỰC HIỆN CHỈ TIÊU BHXH, BHYT, BHTN THÁNG {self.period.month}/{self.period.year}"

    def sentences(self, lang: str = "vi") -> list[str]:
        f = self.figures
        out = []
        for scheme in SCHEMES:
            s = f.schemes[scheme]
            if not (s.participants or s.previous or s.target):
                continue  # a scheme with nobody in it, then or now, and no target: nothing to say
            out.append(scheme_sentence(scheme, s.participants, self.period, s.month_change, s.year_change,
                                       s.progress_1, f.coverage, lang))
        out.append(collection_sentence(f.collection, f.collection_ytd, f.revenue_progress, lang)
                   + "; " + debt_sentence(f.debt_total, f.debt_share, lang, interest=f.debt_interest) + ".")
        return [t[:1].upper() + t[1:] for t in out]

    def notes_vi(self) -> list[str]:
        out = [ROUNDING_NOTE, DEBT_NOTE]
        n = self.notes
        if n and n.assumed_communes:
            names = ", ".join(f"{name} ({code})" for code, name in n.assumed_communes)
            out.append(f"Số liệu của các xã cũ bị chia tách chưa có tỷ lệ phân bổ được chia đều (giả định): {names}; "
                       f"{fmt_int(n.assumed, 'vi')} người tham gia BHYT dựa trên tỷ lệ giả định.")
        if n and n.unmapped:
            names = ", ".join(f"{name} ({code}): {fmt_int(hi, 'vi')} người BHYT" for code, name, hi in n.unmapped)
            out.append(f"Xã cũ chưa xác định được xã mới, số liệu chưa được cộng vào đơn vị hiện nay: {names}.")
        return out

    def scheme_table(self) -> list[list[Any]]:
        head = ["Chỉ tiêu", f"T{self.period.month}/{self.period.year}", f"T{(self.period - 1).month}/"
                f"{(self.period - 1).year}", "Tăng/giảm", "%", f"Cùng kỳ {self.period.year - 1}", "Tăng/giảm", "%",
                "Kế hoạch năm", "% KH"]
        rows: list[list[Any]] = [head]
        for scheme in SCHEMES:
            s = self.figures.schemes[scheme]
            mc, yc = s.month_change, s.year_change
            rows.append([f"Người tham gia {SCHEME_VI[scheme]}", fmt_int(s.participants), fmt_int(s.previous),
                         _signed(mc.diff if mc else None), fmt_pct(mc.pct if mc else None), fmt_int(s.last_year),
                         _signed(yc.diff if yc else None), fmt_pct(yc.pct if yc else None), fmt_int(s.target),
                         fmt_pct(s.progress)])
        return rows

    def money_table(self) -> list[list[Any]]:
        f = self.figures
        return [["Chỉ tiêu", "Giá trị", "Kế hoạch", "Tỷ lệ"],
                ["Độ bao phủ BHYT (% dân số)", fmt_pct(f.coverage), fmt_pct(f.coverage_target), ""],
                ["Dân số", fmt_int(f.population), "", ""],
                ["Số thu trong tháng (đồng)", fmt_int(f.collection), "", ""],
                ["Số thu lũy kế từ đầu năm (đồng)", fmt_int(f.collection_ytd), fmt_int(f.revenue_target),
                 fmt_pct(f.revenue_progress)],
                ["Số nợ cuối tháng, gồm lãi chậm đóng (đồng)", fmt_int(f.debt_total),
                 f"trần {fmt_pct(f.debt_ceiling)}" if f.debt_ceiling else "", fmt_pct(f.debt_share)],
                ["– trong đó nợ gốc (đồng)", fmt_int(f.debt), "", ""],
                ["– trong đó lãi chậm đóng (đồng)", fmt_int(f.debt_interest), "", ""]]

    def unit_table(self) -> list[list[Any]]:
        rows: list[list[Any]] = [["Đơn vị", "BHXH bắt buộc", "BHXH tự nguyện", "BHTN", "BHYT", "% KH BHYT",
                                  "Bao phủ BHYT", "Thu trong tháng", "Nợ (gồm lãi)", "Trong đó lãi"]]
        for f in self.rows:
            s = f.schemes
            rows.append([f.unit.name, fmt_int(s["si"].participants), fmt_int(s["vsi"].participants),
                         fmt_int(s["ui"].participants), fmt_int(s["hi"].participants), fmt_pct(s["hi"].progress),
                         fmt_pct(f.coverage), fmt_int(f.collection), fmt_int(f.debt_total),
                         fmt_int(f.debt_interest)])
        return rows


def _signed(n: int | None) -> str:
    if n is None:
        return presentation.DASH
    return ("+" if n > 0 else "") + fmt_int(n)


def build_report(unit: UnitRef, period: Month, scope: Scope) -> SteeringReport:
    fig = selectors.figures([unit], period)[0]
    kids = selectors.offices_under(unit, scope) + selectors.children(unit, scope)
    return SteeringReport(unit, period, fig, selectors.figures(kids, period), selectors.rollup_notes(unit, period, fig))


def render_pdf(report: SteeringReport) -> bytes:
    from ansinh.core.pdf import Paragraph, Spacer, build, mm, styles, table

    s = styles()
    flow: list[Any] = [
        Paragraph("BẢO HIỂM XÃ HỘI VIỆT NAM", s["bold"]),
        Paragraph(report.unit.name, s["body"]),
        Spacer(1, 4 * mm),
        Paragraph(report.title, s["title"]),
        Paragraph(f"Đơn vị báo cáo: {report.unit.name} — kỳ báo cáo tháng {report.period.month}/{report.period.year}",
                  s["subtitle"]),
        Spacer(1, 5 * mm),
        Paragraph("I. KẾT QUẢ THỰC HIỆN", s["bold"]),
    ]
    flow += [Paragraph(f"– {text}", s["body"]) for text in report.sentences("vi")]
    flow += [Spacer(1, 3 * mm), Paragraph("II. SỐ NGƯỜI THAM GIA", s["bold"]), Spacer(1, 2 * mm),
             table(report.scheme_table(), col_widths=[50 * mm] + [20 * mm] * 9),
             Spacer(1, 4 * mm), Paragraph("III. THU, NỢ VÀ ĐỘ BAO PHỦ", s["bold"]), Spacer(1, 2 * mm),
             table(report.money_table(), col_widths=[80 * mm, 45 * mm, 45 * mm, 30 * mm])]
    if len(report.rows) > 1:
        flow += [Spacer(1, 4 * mm), Paragraph("IV. THEO ĐƠN VỊ", s["bold"]), Spacer(1, 2 * mm),
                 table(report.unit_table(), col_widths=[53 * mm] + [24 * mm] * 9)]
    flow += [Spacer(1, 4 * mm), Paragraph("Ghi chú", s["bold"])]
    flow += [Paragraph(f"– {text}", s["small"]) for text in report.notes_vi()]
    return build(flow, title=report.title, landscape_page=True)


def render_xlsx(report: SteeringReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Tong hop"
    ws.append([report.title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([f"Đơn vị: {report.unit.name}", f"Kỳ: {report.period}"])
    ws.append([])
    for text in report.sentences("vi"):
        ws.append([text])
    ws.append([])
    for row in numeric_scheme_rows(report):
        ws.append(row)
    ws.append([])
    f = report.figures
    for row in (["Chỉ tiêu", "Giá trị", "Kế hoạch", "Tỷ lệ (%)"],
                ["Độ bao phủ BHYT (% dân số)", _num(f.coverage), _num(f.coverage_target), None],
                ["Dân số", f.population, None, None],
                ["Số thu trong tháng (đồng)", f.collection, None, None],
                ["Số thu lũy kế (đồng)", f.collection_ytd, _num(f.revenue_target), _num(f.revenue_progress)],
                ["Số nợ cuối tháng, gồm lãi chậm đóng (đồng)", f.debt_total, _num(f.debt_ceiling),
                 _num(f.debt_share)],
                ["– trong đó nợ gốc (đồng)", f.debt, None, None],
                ["– trong đó lãi chậm đóng (đồng)", f.debt_interest, None, None]):
        ws.append(row)
    ws.column_dimensions["A"].width = 42
    units = wb.create_sheet("Theo don vi")
    units.append(["Mã", "Đơn vị", "BHXH bắt buộc", "BHXH tự nguyện", "BHTN", "BHYT", "Kế hoạch BHYT", "% KH BHYT",
                  "Dân số", "Bao phủ BHYT (%)", "Thu trong tháng", "Thu lũy kế", "Nợ (gồm lãi)", "Nợ gốc",
                  "Lãi chậm đóng"])
    for r in report.rows:
        s = r.schemes
        units.append([r.unit.code, r.unit.name, s["si"].participants, s["vsi"].participants, s["ui"].participants,
                      s["hi"].participants, _num(s["hi"].target), _num(s["hi"].progress), r.population,
                      _num(r.coverage), r.collection, r.collection_ytd, r.debt_total, r.debt, r.debt_interest])
    units.column_dimensions["B"].width = 34
    notes = wb.create_sheet("Ghi chu")
    for text in report.notes_vi():
        notes.append([text])
    return xlsx_bytes(wb)


def numeric_scheme_rows(report: SteeringReport) -> list[list[Any]]:
    rows: list[list[Any]] = [["Chỉ tiêu", "Tháng này", "Tháng trước", "Tăng/giảm", "%", "Cùng kỳ năm trước",
                              "Tăng/giảm", "%", "Kế hoạch năm", "% KH"]]
    for scheme in SCHEMES:
        s = report.figures.schemes[scheme]
        mc, yc = s.month_change, s.year_change
        rows.append([f"Người tham gia {SCHEME_VI[scheme]}", s.participants, s.previous, mc.diff if mc else None,
                     _num(mc.pct if mc else None), s.last_year, yc.diff if yc else None, _num(yc.pct if yc else None),
                     _num(s.target), _num(s.progress)])
    return rows


def _num(value: Decimal | None) -> float | int | None:
    """Decimals as numbers in the sheet (integers stay integers)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
