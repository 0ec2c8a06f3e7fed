"""How the system shows things to people, in one place (architecture.md: "Presentation has one home").

Money, numbers, percentages, months and dates in the conventions of each language, and the names of codes (funds,
schemes, statuses, channels ...). The template filters (`web_format`), the CSV/XLSX exports and the PDFs all call
these functions, so that a page, its export and its PDF read the same.

    language   money            number      percent   month      date
    vi         1.234.567 đ      1.234.567   4,3 %     11/2026    05/12/2026
    en         1,234,567 VND    1,234,567   4.3 %     Nov 2026   5 Dec 2026

The unit of money, and the "%" of a percentage, are joined to the number by a no-break space (U+00A0, `NBSP`), so
that on a narrow screen "đ", "VND" or "%" never wraps to the next line alone. Documents that write the unit out
(reports, PDFs: "1.234.567 đồng") ask for it with `words=True`; nowhere else builds a money text.

Every function takes the language explicitly (`lang="vi"`) or uses the active one (Django's `get_language()`),
so a PDF built for a Vietnamese notice can say `lang="vi"` whatever the page's language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import pgettext_lazy

from ansinh.rules.figures import percent as exact_percent  # pure arithmetic, shared with the reports
from ansinh.rules.periods import Month

DASH = "—"
NBSP = "\u00a0"  # between an amount and its unit: the two never part at the end of a line
_UNITS = {  # (vi, vi written out, en) by size: whole VND, millions, billions
    1: ("đ", "đồng", "VND"),
    10**6: ("triệu đ", "triệu đồng", "million VND"),
    10**9: ("tỷ đ", "tỷ đồng", "billion VND"),
}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def lang_of(lang: str | None = None) -> str:
    """'vi' or 'en': the given language, else the active one; Vietnamese unless English."""
    code = lang or translation.get_language() or "vi"
    return "en" if code.startswith("en") else "vi"


def _separators(lang: str) -> tuple[str, str]:
    """(thousands, decimal)."""
    return (".", ",") if lang == "vi" else (",", ".")


def _to_number(value: object) -> int | Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


def number(value: object, decimals: int | None = None, lang: str | None = None) -> str:
    """1234567 → '1.234.567' (vi) / '1,234,567' (en); with `decimals`, rounded half up: 4.25 → '4,3'.
    Decimals keep their own places when `decimals` is None. Not a number → the value as text; None → '—'."""
    n = _to_number(value)
    if n is None:
        return DASH if value is None or value == "" else str(value)
    lang = lang_of(lang)
    thousands, point = _separators(lang)
    if decimals is not None:
        n = Decimal(n).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if isinstance(n, Decimal) and decimals == 0:
        n = int(n)
    sign = "-" if n < 0 else ""
    text = f"{abs(n):,}" if isinstance(n, int) else f"{abs(n):,f}"
    whole, _dot, frac = text.partition(".")
    whole = whole.replace(",", thousands)
    return sign + whole + (point + frac if frac else "")


def _unit(size: int, lang: str, words: bool) -> str:
    vi, vi_words, en = _UNITS[size]
    return ((vi_words if words else vi) if lang == "vi" else en).replace(" ", NBSP)


def money(value: object, lang: str | None = None, *, words: bool = False) -> str:
    """Whole VND with its unit after a no-break space: '1.234.567\xa0đ' (vi), '1,234,567\xa0VND' (en); with
    `words`, the Vietnamese unit written out: '1.234.567\xa0đồng' (reports, PDFs)."""
    n = _to_number(value)
    if n is None:
        return DASH if value is None or value == "" else str(value)
    lang = lang_of(lang)
    return f"{number(int(n), lang=lang)}{NBSP}{_unit(1, lang, words)}"


def money_short(value: object, lang: str | None = None, *, words: bool = False) -> str:
    """Large sums in billions or millions with one decimal, half up: '154,3 tỷ đ' / '154.3 billion VND' (every
    space a no-break one); below a million, `money`."""
    n = _to_number(value)
    if n is None:
        return DASH if value is None or value == "" else str(value)
    lang = lang_of(lang)
    for size in (10**9, 10**6):
        if abs(n) >= size:
            return f"{number(Decimal(n) / size, 1, lang)}{NBSP}{_unit(size, lang, words)}"
    return money(n, lang, words=words)


def percent(value: object, decimals: int | None = 1, lang: str | None = None) -> str:
    """A percentage (already × 100), rounded half up, "%" after a no-break space: 4.25 → '4,3\xa0%' (vi) /
    '4.3\xa0%' (en); 50.25 → '50,3\xa0%'.
    `decimals=None` keeps the places a Decimal holds (the reports' figures: 91.32, 10.0). The one place a
    percentage is written: pages, exports, PDFs and reports all call it."""
    n = _to_number(value)
    if n is None:
        return DASH
    return f"{number(n, decimals, lang)}{NBSP}%"


def share(part: object, whole: object, decimals: int = 1, lang: str | None = None) -> str:
    """part / whole as a percentage, on the exact ratio rounded half up (as the reports and `ansinh calc
    report-figures`: 201 of 400 → '50,3 %'); '—' when the whole is 0 or missing."""
    p, w = _to_number(part), _to_number(whole)
    if p is None or not w:
        return DASH
    return percent(exact_percent(p, w, decimals), decimals, lang)


def as_month(value: object) -> Month | None:
    """A Month from a Month, a date (its month) or 'YYYY-MM' text; None when it is none of them."""
    if isinstance(value, Month):
        return value
    if isinstance(value, dt.date):
        return Month.of(value)
    if isinstance(value, str):
        try:
            return Month.parse(value[:7])
        except ValueError:
            return None
    return None


def month(value: object, lang: str | None = None) -> str:
    """'11/2026' (vi), 'Nov 2026' (en). Accepts a Month, a date or 'YYYY-MM'."""
    m = as_month(value)
    if m is None:
        return DASH if value in (None, "") else str(value)
    if lang_of(lang) == "vi":
        return f"{m.month:02d}/{m.year}"
    return f"{_MONTHS_EN[m.month - 1]} {m.year}"


def date(value: object, lang: str | None = None) -> str:
    """'05/12/2026' (vi), '5 Dec 2026' (en). Accepts a date, a datetime (its local day) or ISO text."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value or DASH
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if not isinstance(value, dt.date):
        return DASH
    if lang_of(lang) == "vi":
        return value.strftime("%d/%m/%Y")
    return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"


def datetime(value: object, lang: str | None = None) -> str:
    """'05/12/2026 14:30' (vi), '5 Dec 2026 14:30' (en), in local time."""
    if not isinstance(value, dt.datetime):
        return date(value, lang)
    from django.utils import timezone

    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{date(local.date(), lang)} {local:%H:%M}"


# --- names instead of codes --------------------------------------------------------------------------------------

def _choices(path: str) -> Callable[[], Mapping[str, Any]]:
    """The labels of a model's choices class, imported when first asked (core imports no app at load time)."""

    def load() -> Mapping[str, Any]:
        from importlib import import_module

        module_name, _sep, qualname = path.rpartition(":")
        obj: Any = import_module(module_name)
        for part in qualname.split("."):
            obj = getattr(obj, part)
        return dict(obj.choices) if hasattr(obj, "choices") else dict(obj)

    return load


# kind → the code's names. Apps add their own kinds with `register_names`.
_NAMES: dict[str, Callable[[], Mapping[str, Any]]] = {
    "fund": _choices("ansinh.contributions.models:Fund"),
    "scheme": _choices("ansinh.coverage.models:Scheme"),
    "payer": _choices("ansinh.coverage.models:Payer"),
    "account": _choices("ansinh.contributions.models:Account"),
    "claim_kind": _choices("ansinh.benefits.models:ClaimKind"),
    "claim_status": _choices("ansinh.benefits.models:Claim.Status"),
    "payment_channel": _choices("ansinh.benefits.models:PaymentChannel"),
    "channel": _choices("ansinh.benefits.models:Channel"),
    "declaration_status": _choices("ansinh.contributions.models:Declaration.Status"),
    "employer_status": _choices("ansinh.registry.models:EmployerStatus"),
    "sex": _choices("ansinh.registry.models:Sex"),
    "role": _choices("ansinh.accounts.models:Role"),
    "metric": _choices("ansinh.planning.models:Metric"),
    "compliance_rule": _choices("ansinh.compliance.names:RULE_NAMES"),
}

# Short names for tight places (table columns of the C12 notice, charts).
_SHORT: dict[str, Mapping[str, Any]] = {
    "fund": {
        "sm": pgettext_lazy("fund, short", "Sickness & maternity"),
        "oaod": pgettext_lazy("fund, short", "Accident & disease"),
        "rs": pgettext_lazy("fund, short", "Retirement & survivors"),
        "hi": pgettext_lazy("fund, short", "Health insurance"),
        "ui": pgettext_lazy("fund, short", "Unemployment"),
    },
}


def register_names(kind: str, names: Mapping[str, Any] | Callable[[], Mapping[str, Any]]) -> None:
    """Let an app name its codes: `register_names("job_status", dict(JobRun.Status.choices))`."""
    _NAMES[kind] = names if callable(names) else (lambda: names)


def name(code: object, kind: str, *, short: bool = False, lang: str | None = None) -> str:
    """The name of a code in the active (or given) language: name('oaod', 'fund') → 'Tai nạn lao động, bệnh
    nghề nghiệp'. An unknown code is shown as it is (never an error on a page)."""
    if code is None or code == "":
        return DASH
    key = code.value if hasattr(code, "value") else code
    table: Mapping[str, Any] | None = None
    if short and kind in _SHORT:
        table = _SHORT[kind]
    elif kind in _NAMES:
        try:
            table = _NAMES[kind]()
        except (ImportError, AttributeError):
            table = None
    label = table.get(key) if table else None
    if label is None:
        return str(key)
    if lang:
        with translation.override(lang):
            return str(label)
    return str(label)


# --- refusals --------------------------------------------------------------------------------------------------

# area ("" = every page) → stable refusal code → the sentence people read. The services' own messages are the
# precise English record (API, logs); pages in another language show the sentence for the code.
_REFUSALS: dict[str, dict[str, Any]] = {"": {}}


def register_refusals(sentences: Mapping[str, Any], area: str = "") -> None:
    """An app names what its refusal codes mean: `register_refusals({"below_floor": _("The salary is …")})`."""
    _REFUSALS.setdefault(area, {}).update(sentences)


def refusal(code: str, message: str, *, area: str = "", lang: str | None = None) -> tuple[str, str]:
    """(what to show, the English detail or ''). English pages show the service's precise message; other
    languages the sentence for the code (the area's first, then the general one), or a general sentence naming
    the code, with the English message as a detail to show apart (marked lang="en")."""
    lang = lang_of(lang)
    if lang == "en":
        return message, ""
    known = _REFUSALS.get(area, {}).get(code) or _REFUSALS[""].get(code)
    with translation.override(lang):
        if known is not None:
            return str(known), message
        return str(translation.gettext("The request was refused (%(code)s).") % {"code": code}), message


_VI_LETTERS = re.compile(r"[đĐăĂơƠưƯ]|[àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)


def is_vietnamese(text: str) -> bool:
    """A text written in Vietnamese: it carries letters or tone marks that only Vietnamese uses among the
    languages of the pages."""
    return bool(_VI_LETTERS.search(text or ""))


def agency_name(commune: Any) -> str:
    """The provincial social security office serving a commune, as documents name it: "Bảo hiểm xã hội tỉnh Lạng
    Sơn", "Bảo hiểm xã hội thành phố Hà Nội" (the province's name with its first letter in lower case)."""
    province = getattr(commune, "province", None) or getattr(commune, "parent", None)
    name = (getattr(province, "name", "") or "").strip()
    return "Bảo hiểm xã hội " + (name[:1].lower() + name[1:] if name else "tỉnh")


# --- exports -----------------------------------------------------------------------------------------------------

def headers(columns: Sequence[tuple[str, Any]], lang: str | None = None) -> list[str]:
    """Column headers of an export in the language of the page: [(code, label), ...] → the labels (translated
    lazily), e.g. `headers([("unit_code", _("Unit code")), ...])` → ['Mã đơn vị', ...] in Vietnamese."""
    if lang:
        with translation.override(lang):
            return [str(label) for _code, label in columns]
    return [str(label) for _code, label in columns]


def cell(value: object, kind: str = "", lang: str | None = None) -> object:
    """An export cell: numbers stay numbers (spreadsheets sum them), months and dates become text in the
    language's convention, codes of a known kind become names."""
    if value is None:
        return ""
    if kind == "month":
        return month(value, lang)
    if kind == "date":
        return date(value, lang)
    if kind in _NAMES:
        return name(value, kind, lang=lang)
    if isinstance(value, Month):
        return month(value, lang)
    if isinstance(value, dt.date):
        return date(value, lang)
    return value


def csv_response(filename: str, columns: Sequence[tuple[str, Any, str]], rows: Iterable[Sequence[Any]],
                 lang: str | None = None) -> Any:
    """A CSV download (UTF-8 with BOM, so that Excel reads Vietnamese) whose first row is the columns' labels in
    the page's language; columns are (code, label, kind) with kind '', 'month', 'date' or a code kind of `name`
    ('fund', 'scheme' ...). Numbers are written plain (spreadsheets add them up)."""
    from django.http import HttpResponse

    from ansinh.core.exports import csv_writer

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv_writer(response)  # formula cells neutralised
    writer.writerow(headers([(c[0], c[1]) for c in columns], lang))
    kinds = [c[2] for c in columns]
    for row in rows:
        writer.writerow([cell(v, k, lang) for v, k in zip(row, kinds, strict=True)])
    return response


# --- explanation steps of the calculators --------------------------------------------------------------------------

LAWS = {
    # (English citation in rules/, Vietnamese short name, English short name)
    "Law 41/2024": ("Luật BHXH 2024", "Social Insurance Law 2024"),
    "Law 58/2014": ("Luật BHXH 2014", "Social Insurance Law 2014"),
    "Law 74/2025": ("Luật Việc làm 2025", "Employment Law 2025"),
    "Law 38/2013": ("Luật Việc làm 2013", "Employment Law 2013"),
    "Law 25/2008": ("Luật BHYT 2008", "Health Insurance Law 2008"),
    "Law 46/2014": ("Luật BHYT sửa đổi 2014", "Health Insurance Law amended 2014"),
    "Law 51/2024": ("Luật BHYT sửa đổi 2024", "Health Insurance Law amended 2024"),
    "Law 45/2019": ("Bộ luật Lao động 2019", "Labour Code 2019"),
    "Labour Code 2019": ("Bộ luật Lao động 2019", "Labour Code 2019"),
    "Law 84/2015": ("Luật ATVSLĐ 2015", "Occupational Safety and Health Law 2015"),
}
_DOC_KINDS = {
    # English kind → Vietnamese kind of a legal document
    "Decree": "Nghị định",
    "Circular": "Thông tư",
    "Decision": "Quyết định",
    "Resolution": "Nghị quyết",
    "Joint Circular": "Thông tư liên tịch",
}


_ITEM = r"\d+(?:\.\d+)?(?:\.[a-zđ])?"
_CITE = re.compile(
    r"(?P<doc>Labour Code(?: \d{4})?|(?:Employment|OSH|Population|HI) Law(?: \d+/\d{4})?|Law \d+/\d{4}"
    r"|Joint Circular \d+/\d{4}|(?:Decree|Circular|Decision|Resolution) \d+/\d{4}|CV \d+)"
    r"(?P<suffix>(?:/[A-ZĐa-zđ0-9\-]+)*)"
    rf"(?:\s+Arts?\.?\s*(?P<art>{_ITEM}(?:\s*(?:,|and)\s*(?:Art\.?\s*)?{_ITEM})*))?"
)
_LAW_OF = {"Employment Law": "Law 38/2013", "OSH Law": "Law 84/2015", "Labour Code": "Labour Code 2019",
           "HI Law": "Law 25/2008"}


def _article_items(art: str) -> list[tuple[str, str, str]]:
    """'5.7, 70.5' → [('5', '7', ''), ('70', '5', '')]; '60.1.a' → [('60', '1', 'a')]."""
    out = []
    for item in re.split(r"\s*(?:,|\band\b)\s*(?:Art\.?\s*)?", art.strip()):
        parts = item.strip(" .").split(".")
        if parts and parts[0].isdigit():
            out.append((parts[0], parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else ""))
    return out


def _articles_vi(art: str) -> str:
    """'45.5' → 'khoản 5 Điều 45'; '5.7, 70.5' → 'khoản 7 Điều 5, khoản 5 Điều 70'; '66, 72' → 'Điều 66, 72';
    '60.1.a' → 'điểm a khoản 1 Điều 60'."""
    items = _article_items(art)
    if all(not clause for _a, clause, _p in items):
        return "Điều " + ", ".join(a for a, _c, _p in items)
    out = []
    for article, clause, point in items:
        text = f"Điều {article}"
        if clause:
            text = f"khoản {clause} {text}"
        if point:
            text = f"điểm {point} {text}"
        out.append(text)
    return ", ".join(out)


def _articles_en(art: str) -> str:
    out = [a + (f"({c})" if c else "") + (f"({p})" if p else "") for a, c, p in _article_items(art)]
    return ("Articles " if len(out) > 1 else "Article ") + ", ".join(out)


def _cite(match: re.Match[str], lang: str) -> str:
    doc, suffix, art = match.group("doc"), match.group("suffix") or "", (match.group("art") or "").strip()
    for head, key in _LAW_OF.items():
        if doc.startswith(head) and not re.search(r"\d+/\d{4}", doc.replace("Labour Code", "")):
            doc = key
    doc = re.sub(r"^(?:Employment|OSH|Population|HI) (Law \d+/\d{4})$", r"\1", doc)
    if doc.startswith("Labour Code"):
        doc = "Labour Code 2019" if doc == "Labour Code" else doc
    if doc in LAWS:
        vi_name, en_name = LAWS[doc]
        if lang == "vi":
            return f"{_articles_vi(art)} {vi_name}" if art else vi_name
        return f"{_articles_en(art)} of the {en_name}" if art else f"the {en_name}"
    if doc.startswith("CV "):
        name = ("Công văn " if lang == "vi" else "Official letter ") + doc[3:] + suffix
    else:
        kind, _sp, number = doc.rpartition(" ")
        name = (_DOC_KINDS.get(kind, kind) if lang == "vi" else kind) + " " + number + suffix
        if kind == "Law":
            name = ("Luật " if lang == "vi" else "Law ") + number + suffix
    if not art:
        return name
    return f"{_articles_vi(art)} {name}" if lang == "vi" else f"{_articles_en(art)} of {name}"


_DEV_MARKS = ("[V-LAW]", "[UNVERIFIED]", "[VERIFIED]", "[V-DOC]", "[V-SECONDARY]", "[PROJECTED]", "[ASSUMED]",
              "UNVERIFIED", "V-LAW", "V-DOC")


def legal_basis(basis: str, lang: str | None = None) -> str:
    """A rule's legal basis as people read it: the citations it holds, worded in the language, and nothing else
    (verification marks, notes and sources of the record left out). 'Law 41/2024 Art 45 [V-LAW]' → 'Điều 45 Luật
    BHXH 2024' (vi) / 'Article 45 of the Social Insurance Law 2024' (en); 'Law 58/2014 Art 60.1.a' → 'Điểm a
    khoản 1 Điều 60 Luật BHXH 2014'; several citations separated by '; '."""
    if not basis:
        return ""
    lang = lang_of(lang)
    out: list[str] = []
    for match in _CITE.finditer(basis):
        c = _cite(match, lang).strip(" ,;")
        if c and not any(c == o or (not match.group("art") and o.endswith(c.removeprefix("the "))) for o in out):
            out.append(c)
    text = "; ".join(out)
    return text[:1].upper() + text[1:]


# English step label of rules/ → (Vietnamese, English) wording for people. Labels not listed read as the
# calculator wrote them in English and are translated by gettext when a catalogue has them.
STEP_LABELS: dict[str, tuple[str, str]] = {}


def register_step_labels(labels: Mapping[str, tuple[str, str]]) -> None:
    STEP_LABELS.update(labels)


def _clean_value(value: object, lang: str) -> str:
    if isinstance(value, bool):
        return ("có" if value else "không") if lang == "vi" else ("yes" if value else "no")
    if isinstance(value, (int, Decimal, float)):
        return number(value, lang=lang)
    if isinstance(value, (Month, dt.date)):
        return month(value, lang) if isinstance(value, Month) else date(value, lang)
    text = str(value)
    for mark in _DEV_MARKS:
        text = text.replace(mark, "")
    return text.strip()


def explain_step(step: Mapping[str, Any] | Any, lang: str | None = None) -> dict[str, str]:
    """One step of a calculator's explanation (a `rules.explain.Step` or its JSON dict) as people read it:
    {'label': 'Mức lương bình quân đóng BHXH', 'value': '9.500.000', 'basis': 'Điều 72 Luật BHXH 2024'}.
    The developer's formula notation ('13 months // 12', '[V-LAW]', 'UNVERIFIED') is left out."""
    lang = lang_of(lang)
    get = step.get if isinstance(step, Mapping) else (lambda k, d=None: getattr(step, k, d))
    raw_label = str(get("label", "") or "")
    worded = STEP_LABELS.get(raw_label)
    if worded:
        label = worded[0] if lang == "vi" else worded[1]
    else:
        with translation.override(lang):
            label = str(translation.gettext(raw_label)) if raw_label else ""
        label = label[:1].upper() + label[1:]
    return {"label": label, "value": _clean_value(get("value", ""), lang),
            "basis": legal_basis(str(get("basis", "") or ""), lang)}


def explain_steps(steps: Iterable[Any], lang: str | None = None) -> list[dict[str, str]]:
    return [explain_step(s, lang) for s in steps]


__all__ = [
    "DASH", "NBSP", "as_month", "cell", "date", "datetime", "explain_step", "explain_steps", "headers", "lang_of",
    "legal_basis", "money", "money_short", "month", "name", "number", "percent", "register_names",
    "register_step_labels", "share",
]


register_step_labels({
    "adoption leave": ("Thời gian nghỉ khi nhận nuôi con nuôi", "Leave for adopting a child"),
    "attendance allowance": ("Trợ cấp phục vụ", "Attendance allowance"),
    "average SI salary of the most recent months": ("Bình quân tiền lương đóng BHXH của các tháng gần nhất",
                                                    "Average insured salary of the latest months"),
    "months above the SI ceiling": ("Số tháng có tiền lương vượt mức trần đóng BHXH (tính theo mức trần)",
                                    "Months above the SI ceiling (counted at the ceiling)"),
    "average UI salary of the most recent months": ("Bình quân tiền lương đóng BHTN của các tháng gần nhất",
                                                    "Average unemployment-insured salary of the latest months"),
    "average of state pay": ("Bình quân tiền lương theo chế độ Nhà nước quy định", "Average state-scale salary"),
    "average revalued salary": ("Bình quân tiền lương đã điều chỉnh", "Average revalued salary"),
    "average cut to the whole đồng": ("Mức bình quân làm tròn xuống đến đồng", "Average cut to the whole đồng"),
    "average salary (given)": ("Bình quân tiền lương (đã cho)", "Average salary (given)"),
    "benefit duration (months)": ("Thời gian hưởng (tháng)", "Benefit duration (months)"),
    "benefit per day": ("Mức hưởng một ngày", "Benefit per day"),
    "birth leave (months)": ("Thời gian nghỉ sinh con (tháng)", "Leave for giving birth (months)"),
    "check-up days (this visit, at most 5 visits)": ("Số ngày nghỉ khám thai (lần này, tối đa 5 lần)",
                                                     "Days off for a prenatal check-up (this visit, at most 5)"),
    "condition not checked": ("Điều kiện chưa được kiểm tra", "Condition not checked"),
    "one-off allowance": ("Trợ cấp một lần", "One-off allowance"),
    "SI salary before the leave (the same in each of these months)": (
        "Tiền lương đóng BHXH trước khi nghỉ (như nhau trong các tháng này)",
        "SI salary before the leave (the same in each of these months)"),
    "condition met with prescribed pregnancy rest": ("Đủ điều kiện do phải nghỉ dưỡng thai theo chỉ định",
                                                     "Condition met through prescribed pregnancy rest"),
    "contraception leave (calendar days)": ("Thời gian nghỉ khi thực hiện biện pháp tránh thai (ngày)",
                                            "Leave for contraception (calendar days)"),
    "contribution time": ("Thời gian đóng BHXH", "Time of contributions"),
    "convalescence benefit": ("Trợ cấp dưỡng sức, phục hồi sức khỏe", "Convalescence benefit"),
    "days claimed": ("Số ngày đề nghị hưởng", "Days claimed"),
    "days counted (calendar days, long-term disease)": ("Số ngày được tính (ngày lịch, bệnh dài ngày)",
                                                        "Days counted (calendar days, long-term disease)"),
    "days paid": ("Số ngày được hưởng", "Days paid"),
    "days still available for this child this year": ("Số ngày còn được hưởng trong năm cho con này",
                                                      "Days still available for this child this year"),
    "death grant": ("Trợ cấp một lần khi chết", "Death grant"),
    "earliest age with reduced capacity": ("Tuổi sớm nhất khi suy giảm khả năng lao động",
                                           "Earliest age with reduced working capacity"),
    "father's leave (working days)": ("Thời gian nghỉ của người cha (ngày làm việc)",
                                      "Father's leave (working days)"),
    "full years of compulsory SI": ("Số năm đóng BHXH bắt buộc", "Full years of compulsory social insurance"),
    "funeral grant": ("Trợ cấp mai táng", "Funeral grant"),
    "indexed amount": ("Mức hưởng sau điều chỉnh", "Amount after indexation"),
    "law deciding the benefit": ("Luật áp dụng cho chế độ", "Law that applies to the benefit"),
    "law deciding the lump sum": ("Luật áp dụng cho trợ cấp một lần", "Law that applies to the lump sum"),
    "law deciding the pension": ("Luật áp dụng cho lương hưu", "Law that applies to the pension"),
    "less than one year: contributions paid, capped": ("Dưới một năm: bằng số tiền đã đóng, không quá mức trần",
                                                       "Less than one year: the contributions paid, capped"),
    "long-term disease entitlement": ("Chế độ ốm đau dài ngày", "Long-term disease entitlement"),
    "lost working capacity": ("Tỷ lệ suy giảm khả năng lao động", "Lost working capacity"),
    "lump sum": ("Trợ cấp một lần", "Lump sum"),
    "lump sum at retirement": ("Trợ cấp một lần khi nghỉ hưu", "Lump sum at retirement"),
    "lump sum before deductions": ("Trợ cấp một lần trước khi khấu trừ", "Lump sum before deductions"),
    "lump sum by lost capacity": ("Trợ cấp một lần theo mức suy giảm khả năng lao động",
                                  "Lump sum by lost working capacity"),
    "lump sum per child × children": ("Trợ cấp một lần cho mỗi con × số con", "Lump sum per child × children"),
    "lump-sum survivor allowance": ("Trợ cấp tuất một lần", "Lump-sum survivor allowance"),
    "lump-sum survivor allowance (OA/OD recipient)": ("Trợ cấp tuất một lần (người hưởng TNLĐ-BNN)",
                                                      "Lump-sum survivor allowance (accident or disease recipient)"),
    "lump-sum survivor allowance (pensioner)": ("Trợ cấp tuất một lần (người hưởng lương hưu)",
                                                "Lump-sum survivor allowance (pensioner)"),
    "maternity benefit": ("Trợ cấp thai sản", "Maternity benefit"),
    "maximum days": ("Số ngày tối đa", "Maximum days"),
    "minimum years of SI": ("Số năm đóng BHXH tối thiểu", "Minimum years of social insurance"),
    "miscarriage leave (calendar days)": ("Thời gian nghỉ khi sẩy thai, phá thai (ngày)",
                                          "Leave after a miscarriage (calendar days)"),
    "mixed career average": ("Bình quân tiền lương (vừa theo thang bảng lương Nhà nước, vừa tự quyết định)",
                             "Average salary over a mixed career"),
    "monthly allowance": ("Trợ cấp hằng tháng", "Monthly allowance"),
    "monthly allowance by lost capacity": ("Trợ cấp hằng tháng theo mức suy giảm khả năng lao động",
                                           "Monthly allowance by lost working capacity"),
    "monthly benefit": ("Mức hưởng hằng tháng", "Monthly benefit"),
    "monthly survivor allowance": ("Trợ cấp tuất hằng tháng", "Monthly survivor allowance"),
    "monthly survivor allowances": ("Các khoản trợ cấp tuất hằng tháng", "Monthly survivor allowances"),
    "months of UI not yet used for a benefit": ("Số tháng đóng BHTN chưa hưởng",
                                                "Months of unemployment insurance not yet used"),
    "months of compulsory SI in the 12 months before": ("Số tháng đóng BHXH bắt buộc trong 12 tháng trước",
                                                        "Months of compulsory social insurance in the 12 months before"),
    "months of compulsory SI in the 24 months before (infertility treatment)": (
        "Số tháng đóng BHXH bắt buộc trong 24 tháng trước (điều trị vô sinh)",
        "Months of compulsory social insurance in the 24 months before (infertility treatment)"),
    "months out of SI before the decision": ("Số tháng không tham gia BHXH trước khi giải quyết",
                                             "Months outside social insurance before the decision"),
    "months preserved after the benefit stopped": ("Số tháng được bảo lưu sau khi dừng hưởng",
                                                   "Months kept after the benefit stopped"),
    "months preserved for a later benefit": ("Số tháng được bảo lưu cho lần hưởng sau",
                                             "Months kept for a later benefit"),
    "not eligible": ("Không đủ điều kiện", "Not eligible"),
    "one-time lump sum": ("Trợ cấp một lần", "One-time lump sum"),
    "part days rounded": ("Làm tròn số ngày lẻ", "Part days rounded"),
    "pension by formula": ("Lương hưu theo công thức", "Pension by the formula"),
    "raised to the floor for people who retired before 1995": ("Nâng lên mức sàn cho người nghỉ hưu trước năm 1995",
                                                               "Raised to the floor for people retired before 1995"),
    "raised to the minimum": ("Nâng lên mức tối thiểu", "Raised to the minimum"),
    "raised to the minimum pension": ("Nâng lên mức lương hưu tối thiểu", "Raised to the minimum pension"),
    "reduced retirement age (heavy work / difficult area)": (
        "Tuổi nghỉ hưu thấp hơn (nghề nặng nhọc, độc hại / vùng khó khăn)",
        "Lower retirement age (heavy or hazardous work, difficult area)"),
    "reduction for retiring early": ("Giảm trừ do nghỉ hưu trước tuổi", "Reduction for retiring early"),
    "replacement rate": ("Tỷ lệ hưởng lương hưu", "Pension rate"),
    "revaluation coefficients": ("Hệ số điều chỉnh tiền lương", "Salary revaluation coefficients"),
    "seniority part": ("Phần thâm niên", "Seniority part"),
    "sickness benefit": ("Trợ cấp ốm đau", "Sickness benefit"),
    "sickness days per year": ("Số ngày nghỉ ốm tối đa trong năm", "Sickness days per year"),
    "state pay revalued at the reference level": ("Tiền lương theo chế độ Nhà nước điều chỉnh theo mức tham chiếu",
                                                  "State-scale salary revalued at the reference level"),
    "state support of voluntary SI not paid out": ("Trừ khoản Nhà nước hỗ trợ đóng BHXH tự nguyện",
                                                   "Less the state's support of voluntary social insurance"),
    "statutory retirement age": ("Tuổi nghỉ hưu theo quy định", "Statutory retirement age"),
    "top-up for people who retired before 1995": ("Phần bù cho người nghỉ hưu trước năm 1995",
                                                  "Top-up for people retired before 1995"),
    "total": ("Tổng cộng", "Total"),
    "working days counted": ("Số ngày làm việc được tính", "Working days counted"),
    "years before 2014 / from 2014": ("Số năm trước 2014 / từ 2014", "Years before 2014 / from 2014"),
})
