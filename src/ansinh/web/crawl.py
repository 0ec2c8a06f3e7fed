"""A crawler of the staff app, as a new user would follow it: every menu link and every link one level down, once
per URL shape (/persons/17/ and /persons/18/ are one shape), in Vietnamese and in English. It reports what a user
must never see:

- a server error (5xx);
- English in a Vietnamese page: a source string of the catalogues that has a Vietnamese translation shown as it
  is (a whole text of the page), or a text of several English function words ("the", "is", "of" …: a service
  refusal not translated);
- Vietnamese in an English page: a translation of the catalogues shown as a text of the English page, or a text
  of several Vietnamese function words;
- text inside an element marked with another language (`<section lang="vi">` around the preview of a document
  that is Vietnamese by law, such as the steering-committee report) is left out of the language checks;
- an amount of five or more digits without separators (a cell marked `num`, a figure, or digits before đ/VND).

Used by the crawl test (web/tests/test_crawl.py) and by `ansinh crawl` against a demo database.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse

SKIP = ("/logout/", "/i18n/", "/api/", "/static/", "/media/", "/admin/")
_SHAPE_NUM = re.compile(r"\d+")
_RAW_AMOUNT = re.compile(r"(?<![\d.,/:\-])\d{5,}(?![\d.,/:\-])")
_AMOUNT_UNIT = re.compile(r"(?<![\d.,])(\d{5,})\s*(?:đ\b|đồng|VND)")
EN_WORDS = {"the", "is", "are", "of", "and", "with", "not", "was", "has", "been", "this", "must", "cannot", "for"}
VI_WORDS = {"của", "và", "các", "những", "được", "không", "trong", "với", "là", "đã", "chưa", "người"}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def shape(url: str) -> str:
    """/persons/17/?page=2&q=x → /persons/N/?page&q (numbers and query values do not make a new page)."""
    parts = urlsplit(url)
    keys = sorted({k for k, _v in parse_qsl(parts.query, keep_blank_values=True)} - {"page"})
    return _SHAPE_NUM.sub("N", parts.path) + ("?" + "&".join(keys) if keys else "")


class _Page(HTMLParser):
    """Links, visible text nodes, and the text of numeric cells and big figures."""

    def __init__(self, lang: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.links: list[str] = []
        self.texts: list[str] = []
        self.foreign: list[str] = []  # text inside an element marked as another language (lang="vi" quotes)
        self._foreign_tag = ""
        self._foreign_depth = 0
        self.numeric: list[str] = []
        self._skip = 0
        self._num_depth: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "style", "svg", "template"):
            self._skip += 1
        if self._foreign_depth and tag == self._foreign_tag:
            self._foreign_depth += 1
        elif not self._foreign_depth and tag != "html" and a.get("lang") and self.lang and \
                not str(a["lang"]).startswith(self.lang):
            self._foreign_tag, self._foreign_depth = tag, 1
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))
        classes = (a.get("class") or "").split()
        if tag in ("td", "th", "dd", "div", "span") and ({"num", "big", "count"} & set(classes)):
            self._num_depth.append(tag)
            self.numeric.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "svg", "template") and self._skip:
            self._skip -= 1
        if self._num_depth and self._num_depth[-1] == tag:
            self._num_depth.pop()
        if self._foreign_depth and tag == self._foreign_tag:
            self._foreign_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        text = " ".join(data.split())
        if text:
            (self.foreign if self._foreign_depth else self.texts).append(text)
            if self._num_depth:
                self.numeric[-1] += " " + text


@dataclass
class Catalogue:
    """English source strings and their Vietnamese translations, from every .po of the project."""

    english: set[str] = field(default_factory=set)
    vietnamese: set[str] = field(default_factory=set)

    @classmethod
    def load(cls) -> Catalogue:
        import polib

        roots = [Path(p) for p in settings.LOCALE_PATHS]
        base = Path(settings.BASE_DIR)
        roots += [p.parent.parent.parent for p in base.glob("*/locale/vi/LC_MESSAGES/django.po")]
        cat = cls()
        seen: set[Path] = set()
        for root in roots:
            po_path = (root / "vi" / "LC_MESSAGES" / "django.po") if root.name == "locale" else root
            if po_path.is_dir():
                po_path = po_path / "vi" / "LC_MESSAGES" / "django.po"
            if not po_path.exists() or po_path in seen:
                continue
            seen.add(po_path)
            for e in polib.pofile(str(po_path)):
                if e.obsolete or not e.msgstr or e.msgstr == e.msgid or e.msgid_plural:
                    continue
                if _worth(e.msgid):
                    cat.english.add(e.msgid)
                if _worth(e.msgstr):
                    cat.vietnamese.add(e.msgstr)
        # a phrase written the same in both languages is no sign of either
        both = cat.english & cat.vietnamese
        cat.english -= both
        cat.vietnamese -= both
        return cat


def _worth(text: str) -> bool:
    """A phrase telling of its language: two words or more, no placeholder, no markup."""
    return (len(text.split()) >= 2 and "%" not in text and "{" not in text and "<" not in text
            and len(text) <= 200)


@dataclass
class Problem:
    url: str
    user: str
    lang: str
    what: str

    def __str__(self) -> str:
        return f"[{self.user} {self.lang}] {self.url}: {self.what}"


def check_page(html: str, lang: str, catalogue: Catalogue) -> tuple[list[str], list[str]]:
    """(links, problems) of one HTML page."""
    page = _Page(lang)
    page.feed(html)
    problems: list[str] = []
    joined = "\n".join(page.texts + page.foreign)
    nodes = {t.strip(" :.·›‹—-()") for t in page.texts}
    if lang == "vi":
        for msgid in catalogue.english & nodes:
            problems.append(f"English text in a Vietnamese page: {msgid!r}")
        for text in page.texts:
            words = {w.lower() for w in _WORD.findall(text)}
            if len(words & EN_WORDS) >= 2:
                problems.append(f"English sentence in a Vietnamese page: {text[:120]!r}")
    else:
        for msgstr in catalogue.vietnamese & nodes:
            problems.append(f"Vietnamese text in an English page: {msgstr!r}")
        for text in page.texts:
            words = {w.lower() for w in _WORD.findall(text)}
            if len(words & VI_WORDS) >= 2:
                problems.append(f"Vietnamese sentence in an English page: {text[:120]!r}")
    for cell in page.numeric:
        if _RAW_AMOUNT.search(cell):
            problems.append(f"number without separators: {cell.strip()[:80]!r}")
    for match in _AMOUNT_UNIT.finditer(joined):
        problems.append(f"amount without separators: {match.group(0)!r}")
    return page.links, sorted(set(problems))


def menu_urls() -> list[str]:
    from ansinh.web.context import AREAS

    out = []
    for name, _label in AREAS:
        if name:
            with contextlib.suppress(NoReverseMatch):
                out.append(reverse(name))
    return out


@dataclass
class CrawlResult:
    visited: list[tuple[str, str, str, int]] = field(default_factory=list)  # (user, lang, url, status)
    problems: list[Problem] = field(default_factory=list)


def crawl(client: Any, user_label: str, lang: str, catalogue: Catalogue, *, start: Iterable[str] | None = None,
          depth: int = 1, result: CrawlResult | None = None, seen_below: set[str] | None = None) -> CrawlResult:
    """Visit the menu (or `start`) and `depth` levels of links below, once per URL shape. The menu is visited for
    every user (each role sees its own figures and lists); a shape below it is visited once for all the users
    that share `seen_below`."""
    result = result or CrawlResult()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    seen_here: set[str] = set()
    below = seen_below if seen_below is not None else set()
    level = list(start or ["/", *menu_urls()])
    for d in range(depth + 1):
        next_level: list[str] = []
        seen = seen_here if d == 0 else below
        for url in level:
            key = shape(url)
            if key in seen or key in seen_here or url.startswith(SKIP) or not url.startswith("/"):
                continue
            seen.add(key)
            response = client.get(url)
            result.visited.append((user_label, lang, url, response.status_code))
            if response.status_code >= 500:
                result.problems.append(Problem(url, user_label, lang, f"answered {response.status_code}"))
                continue
            if response.status_code in (301, 302) or "html" not in response.get("Content-Type", ""):
                continue
            links, problems = check_page(response.content.decode("utf-8", "replace"), lang, catalogue)
            result.problems.extend(Problem(url, user_label, lang, p) for p in problems)
            if d < depth:
                for href in links:
                    absolute = _absolute(url, href)
                    if absolute:
                        next_level.append(absolute)
        level = next_level
    return result


def _absolute(base: str, href: str) -> str | None:
    if href.startswith(("#", "mailto:", "tel:", "javascript:")) or "://" in href:
        return None
    if href.startswith("?"):
        return urlsplit(base).path + href
    if href.startswith("/"):
        return href.split("#")[0]
    return None
