"""The calculators' explanation in words for people: step names in Vietnamese or English, legal references as a
reader cites them ("khoản 1 Điều 66 Luật BHXH 2024", "SI Law 2024, Art 66(1)"), values in the language's format,
and none of the developer notation the calculators keep for the record ([V-LAW], UNVERIFIED, "// 12", "y/m").

Pages and the decision PDF call `explain_steps`; the stored result is never changed."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

# Step names: the calculators write them in English; Vietnamese as the agency's forms word them.
STEP_VI = {
    "law deciding the benefit": "Luật áp dụng",
    "law deciding the pension": "Luật áp dụng",
    "law deciding the lump sum": "Luật áp dụng",
    "days claimed": "Số ngày đề nghị",
    "working days counted": "Số ngày làm việc được tính",
    "days paid": "Số ngày được hưởng",
    "full years of compulsory SI": "Số năm đóng BHXH bắt buộc (tròn năm)",
    "sickness days per year": "Số ngày nghỉ ốm tối đa trong năm",
    "sickness benefit": "Trợ cấp ốm đau",
    "long-term disease entitlement": "Chế độ bệnh dài ngày",
    "average SI salary of the most recent months": "Bình quân tiền lương đóng BHXH các tháng gần nhất",
    "average UI salary of the most recent months": "Bình quân tiền lương đóng BHTN các tháng gần nhất",
    "months of compulsory SI in the 12 months before": "Số tháng đóng BHXH bắt buộc trong 12 tháng trước",
    "birth leave (months)": "Thời gian nghỉ sinh con (tháng)",
    "father's leave (working days)": "Thời gian nghỉ của lao động nam (ngày làm việc)",
    "lump sum per child × children": "Trợ cấp một lần khi sinh con",
    "maternity benefit": "Trợ cấp thai sản",
    "convalescence benefit": "Trợ cấp dưỡng sức, phục hồi sức khỏe",
    "maximum days": "Số ngày tối đa",
    "benefit per day": "Mức hưởng một ngày",
    "lost working capacity": "Mức suy giảm khả năng lao động",
    "lump sum by lost capacity": "Trợ cấp theo mức suy giảm khả năng lao động",
    "monthly allowance by lost capacity": "Trợ cấp hằng tháng theo mức suy giảm khả năng lao động",
    "seniority part": "Trợ cấp theo số năm đóng",
    "attendance allowance": "Trợ cấp phục vụ",
    "monthly allowance": "Trợ cấp hằng tháng",
    "death grant": "Trợ cấp một lần khi chết do TNLĐ-BNN",
    "funeral grant": "Trợ cấp mai táng",
    "monthly survivor allowance": "Trợ cấp tuất hằng tháng",
    "monthly survivor allowances": "Trợ cấp tuất hằng tháng",
    "lump-sum survivor allowance": "Trợ cấp tuất một lần",
    "lump-sum survivor allowance (pensioner)": "Trợ cấp tuất một lần (người đang hưởng lương hưu)",
    "contribution time": "Thời gian đóng BHXH",
    "statutory retirement age": "Tuổi nghỉ hưu",
    "reduced retirement age (heavy work / difficult area)": "Tuổi nghỉ hưu thấp hơn",
    "minimum years of SI": "Số năm đóng BHXH tối thiểu",
    "replacement rate": "Tỷ lệ hưởng lương hưu",
    "reduction for retiring early": "Giảm tỷ lệ do nghỉ hưu trước tuổi",
    "revaluation coefficients": "Hệ số điều chỉnh tiền lương đã đóng BHXH",
    "average revalued salary": "Bình quân tiền lương đã điều chỉnh",
    "average of state pay": "Bình quân tiền lương theo thang bảng lương Nhà nước",
    "state pay revalued at the reference level": "Tiền lương Nhà nước điều chỉnh theo mức tham chiếu",
    "mixed career average": "Bình quân tiền lương chung các thời kỳ",
    "pension by formula": "Lương hưu theo công thức",
    "raised to the minimum pension": "Nâng bằng mức lương hưu thấp nhất",
    "raised to the minimum": "Nâng bằng mức thấp nhất",
    "lump sum at retirement": "Trợ cấp một lần khi nghỉ hưu",
    "years before 2014 / from 2014": "Số năm đóng trước 2014 / từ 2014",
    "lump sum before deductions": "Trợ cấp trước khi khấu trừ",
    "state support of voluntary SI not paid out": "Khấu trừ tiền Nhà nước hỗ trợ đóng BHXH tự nguyện",
    "one-time lump sum": "Bảo hiểm xã hội một lần",
    "months out of SI before the decision": "Số tháng không tham gia BHXH trước khi giải quyết",
    "monthly benefit": "Mức hưởng hằng tháng",
    "benefit duration (months)": "Thời gian hưởng (tháng)",
    "months of UI not yet used for a benefit": "Số tháng đóng BHTN chưa hưởng",
    "months preserved for a later benefit": "Số tháng được bảo lưu",
    "total": "Tổng cộng",
    "not eligible": "Không đủ điều kiện",
}

# Laws cited by number: (pattern of the number, Vietnamese name, English name).
_LAWS = {
    "41/2024": ("Luật BHXH 2024", "SI Law 2024"),
    "58/2014": ("Luật BHXH 2014", "SI Law 2014"),
    "71/2006": ("Luật BHXH 2006", "SI Law 2006"),
    "38/2013": ("Luật Việc làm 2013", "Employment Law 2013"),
    "74/2025": ("Luật Việc làm 2025", "Employment Law 2025"),
    "84/2015": ("Luật An toàn, vệ sinh lao động 2015", "OSH Law 2015"),
    "25/2008": ("Luật BHYT 2008", "HI Law 2008"),
    "51/2024": ("Luật sửa đổi Luật BHYT 2024", "HI amending Law 2024"),
}
_DOC_VI = {"Decree": "Nghị định", "Circular": "Thông tư", "Decision": "Quyết định", "Resolution": "Nghị quyết"}

_CITE = re.compile(
    r"(?P<doc>Labour Code(?: \d{4})?|Employment Law \d+/\d{4}|OSH Law \d+/\d{4}|Population Law|Law \d+/\d{4}"
    r"|(?:Decree|Circular|Decision|Resolution) \d+/\d{4}(?:/[A-ZĐa-zđ\-]+)?|CV \d+/[A-ZĐ\-]+)"
    r"(?:/QH\d+)?"
    r"(?P<arts>(?:[ ,;]+(?:Art|Arts|and) [\d.,–\- a-z]+?)*)(?=$|[;()—]| and (?:Law|Decree|Circular)| \()"
)
_ART = re.compile(r"(\d+)(?:\.(\d+))?(?:\.([a-zđ]))?")


def _law_name(doc: str, lang: str) -> str:
    vi = lang == "vi"
    number = re.search(r"\d+/\d{4}", doc)
    if doc.startswith("Labour Code"):
        year = re.search(r"\d{4}", doc)
        return ("Bộ luật Lao động " if vi else "Labour Code ") + (year.group(0) if year else "2019")
    if doc.startswith("Population Law"):
        return "Luật Dân số" if vi else "Population Law"
    if doc.startswith("CV "):
        return ("Công văn " if vi else "Official letter ") + doc[3:]
    if number and number.group(0) in _LAWS and (doc.startswith("Law") or "Law" in doc):
        return _LAWS[number.group(0)][0 if vi else 1]
    head = doc.split(" ", 1)[0]
    if vi and head in _DOC_VI:
        return _DOC_VI[head] + " " + doc.split(" ", 1)[1]
    if doc.startswith(("Employment Law", "OSH Law")) and vi:
        return ("Luật Việc làm " if doc.startswith("Employment") else "Luật ATVSLĐ ") + doc.rsplit(" ", 1)[1]
    return doc


def _article(text: str, lang: str) -> str:
    m = _ART.fullmatch(text.strip())
    if not m:
        return ""
    art, clause, point = m.groups()
    if lang == "vi":
        out = f"Điều {art}"
        if clause:
            out = f"khoản {clause} {out}"
        if point:
            out = f"điểm {point} {out}"
        return out
    return f"Art {art}" + (f"({clause})" if clause else "") + (f"({point})" if point else "")


def legal_reference(basis: str, lang: str) -> str:
    """The citations of a basis text, worded for readers; explanatory notes and verification marks dropped.
    "Law 41/2024 Art 66.1" → "khoản 1 Điều 66 Luật BHXH 2024" (vi) / "SI Law 2024, Art 66(1)" (en)."""
    cites: list[str] = []
    for m in _CITE.finditer(basis or ""):
        name = _law_name(m.group("doc"), lang)
        arts = [a for a in re.split(r"[ ,;]+(?:Arts?|and)[ ]+|,\s*", m.group("arts") or "") if a.strip()]
        worded = [w for w in (_article(a.strip(" ,;"), lang) for a in arts) if w]
        if worded:
            cite = (", ".join(worded) + " " + name) if lang == "vi" else (name + ", " + ", ".join(worded))
        else:
            cite = name
        if cite not in cites:
            cites.append(cite)
    return "; ".join(cites)


_YM = re.compile(r"^(\d+)y(\d+)m$")


def _group(n: Decimal | int, lang: str, places: int = 0) -> str:
    text = f"{n:,.{places}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".") if lang == "vi" else text


def money(value: int, lang: str) -> str:
    return f"{_group(value, lang)} đ" if lang == "vi" else f"{_group(value, lang)} VND"


def number(value: Decimal | int, lang: str) -> str:
    d = Decimal(value)
    places = 0 if d == d.to_integral_value() else min(2, max(0, -d.normalize().as_tuple().exponent))  # type: ignore[operator]
    return _group(d, lang, places)


def percent(value: Decimal, lang: str) -> str:
    return f"{number(value, lang)} %"


def _value(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return ("có" if value else "không") if lang == "vi" else ("yes" if value else "no")
    if isinstance(value, int):
        return money(value, lang) if abs(value) >= 10_000 else number(value, lang)
    text = str(value)
    ym = _YM.match(text)
    if ym:
        years, months = int(ym.group(1)), int(ym.group(2))
        if lang == "vi":
            return f"{years} năm" + (f" {months} tháng" if months else "")
        return f"{years} years" + (f" {months} months" if months else "")
    try:
        d = Decimal(text)
    except (InvalidOperation, ValueError):
        return _words(text, lang)
    if d.is_finite() and 0 < d < 1 and len(text) <= 6:
        return percent(d * 100, lang)
    return number(d, lang)


_WORDS_VI = (
    ("Law 41/2024/QH15", "Luật BHXH 2024"),
    ("Law 58/2014/QH13", "Luật BHXH 2014"),
    ("settlement ", "năm giải quyết "),
    ("month(s) of SI", "tháng đóng BHXH"),
    ("month(s) of UI", "tháng đóng BHTN"),
    ("month(s)", "tháng"),
    ("year(s)", "năm"),
    ("day(s)", "ngày"),
    (" months", " tháng"),
    (" years", " năm"),
    (" days", " ngày"),
)
_WORDS_EN = (("Law 41/2024/QH15", "SI Law 2024"), ("Law 58/2014/QH13", "SI Law 2014"), ("month(s)", "months"),
             ("year(s)", "years"), ("day(s)", "days"))


_CODES_VI = frozenset({"BHXH", "BHTN", "BHYT", "TNLĐ", "BNN", "SI", "UI", "HI"})


def _words(text: str, lang: str) -> str:
    for a, b in _WORDS_VI if lang == "vi" else _WORDS_EN:
        text = text.replace(a, b)
    return text


def formula(text: str, lang: str) -> str:
    """A step's working, in plain arithmetic: integer division written as ÷ with the rounding said in words, no
    ISO dates, months and years in words."""
    if not text:
        return ""
    text = re.sub(r"\s*//\s*", " ÷ ", text)
    text = re.sub(r"(\d{4})-(\d{2})-(\d{2})", r"\3/\2/\1", text)
    text = re.sub(r"\b(\d{4})-(\d{2})\b", r"\2/\1", text)
    text = re.sub(r"\[(?:V-LAW|V-SEC|3P|UNVERIFIED)\]|UNVERIFIED", "", text)
    text = _words(text, lang)
    if lang == "vi":
        # the calculators group thousands with commas: 5,814,300,000 → 5.814.300.000 (decimals 0.55 → 0,55)
        text = re.sub(r"(?<=\d),(?=\d{3})", "\u2009", text)
        text = re.sub(r"(?<=\d)\.(?=\d)", ",", text).replace("\u2009", ".")
        if any(w.isascii() and len(w) > 1 and w not in _CODES_VI for w in re.findall(r"[^\W\d_]+", text)):
            return ""  # a working written in English words: the value and the legal reference say it
    return text.strip()


def step_label(label: str, lang: str) -> str:
    if lang == "vi":
        return STEP_VI.get(label, label[:1].upper() + label[1:])
    return label[:1].upper() + label[1:]


def explain_steps(steps: list[dict[str, Any]], lang: str) -> list[dict[str, str]]:
    """Each step as a person reads it: name, working, legal reference, value."""
    return [
        {
            "label": step_label(str(s.get("label", "")), lang),
            "formula": formula(str(s.get("formula", "")), lang),
            "basis": legal_reference(str(s.get("basis", "")), lang),
            "value": _value(s.get("value", ""), lang),
        }
        for s in steps
    ]
