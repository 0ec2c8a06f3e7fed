"""PDF documents in Vietnamese: reportlab with the DejaVu fonts shipped inside matplotlib's package data (full
Vietnamese coverage, no system font, no CDN). Used for notices, decisions and reports."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"


@cache
def register_fonts() -> None:
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=13, leading=17, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", parent=base, alignment=TA_CENTER),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "bold": ParagraphStyle("bold", parent=base, fontName=FONT_BOLD),
    }


def vnd(amount: int) -> str:
    """1234567 → '1.234.567' (Vietnamese thousands separator; see ansinh.core.presentation)."""
    from ansinh.core.presentation import number

    return number(amount, lang="vi")


def table(rows: Sequence[Sequence[Any]], *, col_widths: Sequence[float] | None = None, header_rows: int = 1,
          numeric_from_col: int = 1) -> Table:
    s = styles()
    # Text columns (and the header) wrap as paragraphs; numeric columns stay plain strings so that they right-align.
    body = [[Paragraph(c, s["small"]) if isinstance(c, str) and (i < header_rows or j < numeric_from_col) else c
             for j, c in enumerate(row)] for i, row in enumerate(rows)]
    t = Table(body, colWidths=col_widths, repeatRows=header_rows)
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 7.5),
        ("FONT", (0, 0), (-1, header_rows - 1), FONT_BOLD, 7.5),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#e8eef5")),
        ("ALIGN", (numeric_from_col, header_rows), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return t


def build(flowables: list[Any], *, title: str, landscape_page: bool = False) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4) if landscape_page else A4, title=title, author="ansinh",
                            leftMargin=14 * mm, rightMargin=14 * mm, topMargin=12 * mm, bottomMargin=12 * mm)
    doc.build(flowables)
    return buffer.getvalue()


__all__ = ["Paragraph", "Spacer", "build", "mm", "styles", "table", "vnd"]
