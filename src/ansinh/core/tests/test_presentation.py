"""One way to show things: the conventions of each language (issue 10, item 4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from ansinh.core import presentation as p
from ansinh.rules.periods import Month


@pytest.mark.parametrize(("lang", "money", "number", "pct", "month", "day"), [
    ("vi", "1.234.567\u00a0đ", "1.234.567", "4,3\u00a0%", "11/2026", "05/12/2026"),
    ("en", "1,234,567\u00a0VND", "1,234,567", "4.3\u00a0%", "Nov 2026", "5 Dec 2026"),
])
def test_conventions_of_each_language(lang, money, number, pct, month, day) -> None:
    assert p.money(1234567, lang) == money
    assert p.number(1234567, lang=lang) == number
    assert p.percent(Decimal("4.25"), lang=lang) == pct  # half up
    assert p.month(Month(2026, 11), lang) == p.month("2026-11", lang) == p.month(dt.date(2026, 11, 30), lang) == month
    assert p.date(dt.date(2026, 12, 5), lang) == day


def test_numbers_keep_sign_and_places() -> None:
    assert p.number(-1234567, lang="vi") == "-1.234.567"
    assert p.number(Decimal("10.0"), lang="vi") == "10,0"
    assert p.number(Decimal("1234.5"), lang="en") == "1,234.5"
    assert p.number(Decimal("2.345"), 2, lang="vi") == "2,35"
    assert p.number(None) == "—" and p.money("") == "—"
    assert p.share(1, 8, lang="vi") == "12,5\u00a0%" and p.share(1, 0) == "—"
    assert p.money_short(154_312_345_678, "vi") == "154,3\u00a0tỷ\u00a0đ"
    assert p.money_short(154_312_345_678, "en") == "154.3\u00a0billion\u00a0VND"


@pytest.mark.parametrize(("lang", "half"), [("vi", "50,3\u00a0%"), ("en", "50.3\u00a0%")])
def test_one_percentage_formatter_rounds_half_up_as_the_reports(lang, half) -> None:
    """50.25 % is 50.3 everywhere a percentage is shown, as the reports and `ansinh calc report-figures` print it
    (a float with `:.1f` gave 50.2)."""
    from ansinh.places.selectors import MappingReport
    from ansinh.reports import charts, figures

    assert p.percent(Decimal("50.25"), lang=lang) == half
    assert p.percent(50.25, lang=lang) == half  # a float is read by its shortest text, not its binary value
    assert p.share(201, 400, lang=lang) == half  # the exact ratio, as rules.figures.percent
    assert figures.fmt_pct(figures.percent(201, 400), lang) == half
    assert MappingReport(None).pct(201, 400, lang) == half
    assert p.share(1, 3, 2, lang) == ("33,33\u00a0%" if lang == "vi" else "33.33\u00a0%")
    assert p.percent(Decimal("91.32"), None, lang) == ("91,32\u00a0%" if lang == "vi" else "91.32\u00a0%")  # places kept
    assert p.percent(80, 0, lang) == "80\u00a0%"
    with translation.override(lang):
        page = Template("{% load web_format %}{{ r|percent }}|{{ a|share:b }}|{{ c|percent:0 }}").render(
            Context({"r": Decimal("50.25"), "a": 201, "b": 400, "c": 95}))
    assert page == f"{half}|{half}|95\u00a0%"
    assert charts._short(2_250_000_000, lang) == ("2,3 tỷ" if lang == "vi" else "2.3B")  # half up; was 2.2
    assert charts._short(2_000_000, lang) == ("2 tr" if lang == "vi" else "2M")
    from ansinh.compliance.reports import steering_paragraph  # was Django's number_format

    totals = dict.fromkeys(("units_found", "persons_found", "units_enrolled", "workers_enrolled", "reminders",
                            "checks"), 1234) | {"recovered": 1234567}
    with translation.override(lang):
        text = steering_paragraph(totals, 2026)
    assert p.number(1234567, lang=lang) in text and p.number(1234, lang=lang) in text


def test_one_dash_for_an_empty_value() -> None:
    """Reports printed '–' (en dash), the staff home and presentation '—' (em dash): one dash, the presentation's."""
    from ansinh.reports import figures, steering

    assert p.DASH == "—"
    assert figures.fmt_int(None) == figures.fmt_dec(None) == figures.fmt_pct(None, "en") == p.DASH
    assert steering._signed(None) == p.share(1, 0) == p.percent(None) == p.number(None) == p.DASH
    page = Template("{% load report_format %}{{ x|num }}|{{ x|signed }}|{{ x|pct }}|{{ x|money }}").render(
        Context({"x": None}))
    assert page == "|".join([p.DASH] * 4)


def test_no_en_dash_written_for_an_empty_value() -> None:
    """A guard: no code or template writes '–' where a value is missing (an en dash stays for ranges: 11–12/2026)."""
    import re
    from pathlib import Path

    root = Path(p.__file__).resolve().parents[1]
    pattern = re.compile(r"""(["'])–\1|default:"–"|%\}–\{%""")
    found = [f"{path.relative_to(root)}:{n}" for path in root.rglob("*") if path.suffix in (".py", ".html", ".txt")
             and "tests" not in path.parts for n, line in enumerate(path.read_text().splitlines(), 1)
             if pattern.search(line)]
    assert found == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_unit_of_money_never_wraps_alone(lang) -> None:
    """A narrow screen may break a line at a space: between an amount and "đ"/"VND" (or "tỷ đ", "million VND")
    there is only a no-break space, so the unit never starts a line of its own."""
    for text in (p.money(1_234_000, lang), p.money_short(154_312_345_678, lang), p.money_short(2_500_000, lang),
                 p.money(930_000, lang, words=True), p.money_short(207_000_000, lang, words=True)):
        assert " " not in text and "\u00a0" in text, repr(text)
    assert p.money(930_000, "vi", words=True) == "930.000\u00a0đồng"
    assert p.money_short(207_000_000, "vi", words=True) == "207,0\u00a0triệu\u00a0đồng"
    assert p.money(930_000, "en", words=True) == "930,000\u00a0VND"


def test_the_active_language_is_used() -> None:
    with translation.override("en"):
        assert p.money(9_500_000) == "9,500,000\u00a0VND"
    with translation.override("vi"):
        assert p.money(9_500_000) == "9.500.000\u00a0đ"


def test_names_instead_of_codes() -> None:
    assert p.name("oaod", "fund", lang="vi") == "Tai nạn lao động, bệnh nghề nghiệp"
    assert p.name("oaod", "fund", lang="en") == "Occupational accident and disease"
    assert p.name("hi", "fund", short=True, lang="vi") == "BHYT"
    assert p.name("vsi", "scheme", lang="en") == "Voluntary social insurance"
    assert p.name("nonsense", "fund") == "nonsense"  # never an error on a page
    p.register_names("test_kind", {"a": "Alpha"})
    assert p.name("a", "test_kind") == "Alpha"


def test_filters_render_in_the_page_language() -> None:
    t = Template('{% load web_format %}{{ x|money }}|{{ x|number }}|{{ m|month }}|{{ f|code_name:"fund" }}|{{ r|percent }}')
    ctx = Context({"x": 6869820170, "m": "2026-11", "f": "sm", "r": Decimal("4.25")})
    with translation.override("vi"):
        assert t.render(ctx) == "6.869.820.170\u00a0đ|6.869.820.170|11/2026|Ốm đau, thai sản|4,3\u00a0%"
    with translation.override("en"):
        assert t.render(ctx) == "6,869,820,170\u00a0VND|6,869,820,170|Nov 2026|Sickness and maternity|4.3\u00a0%"


@pytest.mark.parametrize(("basis", "vi", "en"), [
    ("Law 41/2024 Art 45 [V-LAW]", "Điều 45 Luật BHXH 2024", "Article 45 of the Social Insurance Law 2024"),
    ("Law 41/2024 Art 66, 72", "Điều 66, 72 Luật BHXH 2024", "Articles 66, 72 of the Social Insurance Law 2024"),
    ("Law 41/2024 Art 5.7, 70.5", "Khoản 7 Điều 5, khoản 5 Điều 70 Luật BHXH 2024",
     "Articles 5(7), 70(5) of the Social Insurance Law 2024"),
    ("Decree 134/2015 Art 10 / Circular 01/2016 Art 6 shape [UNVERIFIED]",
     "Điều 10 Nghị định 134/2015; Điều 6 Thông tư 01/2016", "Article 10 of Decree 134/2015; Article 6 of Circular 01/2016"),
])
def test_legal_basis_as_people_read_it(basis, vi, en) -> None:
    assert p.legal_basis(basis, "vi") == vi
    assert p.legal_basis(basis, "en") == en


def test_explanation_steps_without_developer_notation() -> None:
    from ansinh.rules.explain import Step

    step = Step("replacement rate", Decimal("45"), "13 months // 12", "Law 41/2024 Art 66 [V-LAW]")
    vi = p.explain_step(step, "vi")
    assert vi == {"label": "Tỷ lệ hưởng lương hưu", "value": "45", "basis": "Điều 66 Luật BHXH 2024"}
    en = p.explain_step({"label": "average SI salary of the most recent months", "value": 9500000,
                         "basis": "Law 41/2024 Art 45 [UNVERIFIED]"}, "en")
    assert en["value"] == "9,500,000" and "UNVERIFIED" not in str(en) and "//" not in str(en)


def test_every_calculator_step_has_user_wording() -> None:
    """Every literal step label of the benefit calculators has Vietnamese and English wording for people."""
    import re
    from pathlib import Path

    import ansinh.rules as rules

    labels = set()
    for path in (Path(rules.__file__).parent / "benefits").rglob("*.py"):
        if "tests" in path.parts:
            continue
        labels |= set(re.findall(r'\.step\(\s*"([^"]*)"', path.read_text(encoding="utf-8")))
    assert len(labels) > 50
    missing = sorted(label for label in labels if label not in p.STEP_LABELS)
    assert not missing, missing


def test_csv_headers_follow_the_language() -> None:
    from django.utils.translation import gettext_lazy as _

    columns = [("unit_code", _("Unit code"), ""), ("oldest_month", _("Oldest month owed"), "month"),
               ("fund", _("Fund"), "fund")]
    with translation.override("vi"):
        text = p.csv_response("x.csv", columns, [["U1", dt.date(2026, 3, 1), "ui"]]).content.decode("utf-8-sig")
    assert text.splitlines() == ["Mã đơn vị,Tháng nợ xa nhất,Quỹ", "U1,03/2026,Bảo hiểm thất nghiệp"]


def test_refusals_read_in_the_page_language() -> None:
    from django.utils.translation import gettext_lazy as _

    p.register_refusals({"test_code": _("The list has no lines.")}, area="test_area")
    assert p.refusal("test_code", "the list has no lines", area="test_area", lang="vi") == (
        "Danh sách không có dòng nào.", "the list has no lines")
    assert p.refusal("test_code", "the list has no lines", area="test_area", lang="en") == (
        "the list has no lines", "")
    text, detail = p.refusal("brand_new_code", "salary 2,000,000 is below the floor", lang="vi")
    assert "brand_new_code" in text and "below" not in text and detail.startswith("salary")


def test_typed_text_is_marked_with_its_language_and_escaped():
    from django.template import Context, Template

    from ansinh.core.presentation import is_vietnamese

    assert is_vietnamese("Chờ xác minh thông tin từ cơ quan thuế") and is_vietnamese("Đã nộp")
    assert not is_vietnamese("waiting for the tax office") and not is_vietnamese("")
    page = Template("{% load web_format %}{{ a|typed }}|{{ b|typed }}|{{ c|typed }}")
    out = page.render(Context({"a": "Thiếu giấy tờ <b>", "b": "missing <b>", "c": None}))
    assert out == '<span lang="vi">Thiếu giấy tờ &lt;b&gt;</span>|missing &lt;b&gt;|'
