"""The benefit calculators' explanation in words for people: step names and legal references from the one
presentation module (core.presentation), plus what only benefits need — the working of each step in plain
arithmetic ("5.814.300.000 / 300 tháng", "303 tháng ÷ 12") and values such as "25y3m" or a rate 0.55 as
"25 năm 3 tháng", "55 %". None of the developer notation the calculators keep for the record ([V-LAW],
UNVERIFIED, "//") reaches a page or a PDF. The stored result is never changed."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from ansinh.core import presentation

_YM = re.compile(r"^(\d+)y(\d+)m$")


def _value(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return ("có" if value else "không") if lang == "vi" else ("yes" if value else "no")
    if isinstance(value, int):
        return presentation.money(value, lang) if abs(value) >= 10_000 else presentation.number(value, lang=lang)
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
        return presentation.percent(d * 100, 0 if (d * 100) == (d * 100).to_integral_value() else 1, lang)
    return presentation.number(d, lang=lang)


_WORDS_VI = (
    ("Law 41/2024/QH15", "Luật BHXH 2024"),
    ("Law 58/2014/QH13", "Luật BHXH 2014"),
    ("Law 71/2006/QH11", "Luật BHXH 2006"),
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
_WORDS_EN = (("Law 41/2024/QH15", "SI Law 2024"), ("Law 58/2014/QH13", "SI Law 2014"),
             ("Law 71/2006/QH11", "SI Law 2006"), ("month(s)", "months"),
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


def explain_steps(steps: list[dict[str, Any]], lang: str) -> list[dict[str, str]]:
    """Each step as a person reads it: name, working, legal reference, value."""
    out = []
    for s in steps:
        worded = presentation.explain_step(s, lang)
        worded["formula"] = formula(str(s.get("formula", "")), lang)
        worded["value"] = _value(s.get("value", ""), lang)
        out.append(worded)
    return out

