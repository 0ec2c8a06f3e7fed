"""Every UI string of the staff web app has a Vietnamese translation: the strings of `{% translate %}` /
`{% blocktranslate %}` in the templates and of gettext calls in web/ Python code, and the labels of the model
choices shown on the pages. GNU gettext (makemessages) is not used: the .po is kept by hand and this test
says what is missing."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation.template import templatize

from ansinh.accounts import models as accounts_models
from ansinh.places import models as places_models
from ansinh.registry import models as registry_models
from ansinh.web.management.commands.compile_translations import compile_catalogs

WEB_DIR = Path(__file__).resolve().parent.parent
PO_PATH = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES" / "django.po"
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
_STRING = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_CALL = re.compile(rf"\b(?P<fn>n?gettext)\((?P<args>\s*{_STRING}(?:\s*,\s*{_STRING})?)")
_LITERAL = re.compile(_STRING)
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def template_messages(path: Path) -> set[tuple[str, str | None]]:
    """(msgid, msgid_plural) of a template, as makemessages would extract them (Django's templatize)."""
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    out = set()
    for match in _CALL.finditer(code):
        strings = [ast.literal_eval(s) for s in _LITERAL.findall(match.group("args"))]
        strings = [s.replace("%%", "%") for s in strings]
        out.add((strings[0], strings[1] if match.group("fn") == "ngettext" and len(strings) > 1 else None))
    return out


def python_messages(path: Path) -> set[tuple[str, str | None]]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name not in GETTEXT_NAMES:
            continue
        args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if name.startswith("p"):
            args = args[1:]
        if args:
            out.add((args[0], args[1] if name.startswith("ngettext") and len(args) > 1 else None))
    return out


_APP_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{ *\w+ *\}\}")


def app_catalogue_problems(app_dir: Path) -> tuple[list[str], list[str]]:
    """For one app with its own locale/vi catalogue: (UI strings of its templates and non-test Python without a
    Vietnamese translation, translations whose placeholders differ from their English). A literal % of a
    python-format entry is written %% in the catalogue, as makemessages writes it."""
    messages: set[str] = set()
    for path in app_dir.rglob("*.html"):
        messages |= {m for m, _ in template_messages(path)}
    for path in app_dir.rglob("*.py"):
        if "tests" not in path.parts and "migrations" not in path.parts:
            messages |= {m for m, _ in python_messages(path)}
    po = polib.pofile(str(app_dir / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    entries = {e.msgid.replace("%%", "%") if "python-format" in e.flags else e.msgid: e for e in po if not e.obsolete}
    missing = sorted(m for m in messages
                     if m not in entries or not (entries[m].msgstr or any(entries[m].msgstr_plural.values())))
    mismatched = sorted(
        e.msgid for e in entries.values()
        for text in [e.msgstr, *e.msgstr_plural.values()]
        if text and sorted(_APP_PLACEHOLDER.findall(text)) != sorted(_APP_PLACEHOLDER.findall(e.msgid))
    )
    return missing, mismatched


def web_messages() -> dict[tuple[str, str | None], str]:
    """Every message of the web app → where it was found."""
    found: dict[tuple[str, str | None], str] = {}
    for path in sorted((WEB_DIR / "templates").rglob("*.html")):
        for message in template_messages(path):
            found.setdefault(message, str(path.relative_to(WEB_DIR)))
    for path in sorted(WEB_DIR.rglob("*.py")):
        if "tests" in path.parts:
            continue
        for message in python_messages(path):
            found.setdefault(message, str(path.relative_to(WEB_DIR)))
    return found


def choice_messages() -> dict[tuple[str, str | None], str]:
    """The labels of the choices of the models the pages show."""
    found: dict[tuple[str, str | None], str] = {}
    for module in (accounts_models, places_models, registry_models):
        classes = list(vars(module).values())
        classes += [inner for c in list(classes) if isinstance(c, type) for inner in vars(c).values()]
        for cls in classes:
            if isinstance(cls, type) and issubclass(cls, models.Choices) and cls.__module__ == module.__name__:
                with translation.override(None):
                    for label in cls.labels:
                        found.setdefault((str(label), None), f"{module.__name__}.{cls.__qualname__}")
    return found


@pytest.fixture(scope="module")
def catalog() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


def _missing(catalog: polib.POFile, messages: dict[tuple[str, str | None], str]) -> list[str]:
    entries = {e.msgid: e for e in catalog if not e.obsolete}
    problems = []
    for (msgid, plural), where in sorted(messages.items()):
        entry = entries.get(msgid)
        if entry is None:
            problems.append(f"{where}: no entry for {msgid!r}")
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"{where}: {msgid!r} is marked fuzzy")
        if plural is not None:
            if entry.msgid_plural != plural:
                problems.append(f"{where}: {msgid!r} needs msgid_plural {plural!r}")
            strings = list(entry.msgstr_plural.values())
        else:
            strings = [entry.msgstr]
        if not strings or not all(s.strip() for s in strings):
            problems.append(f"{where}: {msgid!r} has no Vietnamese translation")
            continue
        wanted = sorted(_PLACEHOLDER.findall(msgid))
        for s in strings:
            if sorted(_PLACEHOLDER.findall(s)) != wanted:
                problems.append(f"{where}: {msgid!r} → {s!r}: placeholders differ")
    return problems


def test_extraction_finds_the_strings() -> None:
    messages = web_messages()
    assert ("Person search", None) in messages
    assert ("%(counter)s person found", "%(counter)s persons found") in messages
    assert ("Whole country", None) in messages  # web/context.py
    assert ("Male", None) in choice_messages()


def test_every_web_string_is_translated(catalog: polib.POFile) -> None:
    problems = _missing(catalog, web_messages())
    assert not problems, "\n".join(problems)


def test_every_choice_label_is_translated(catalog: polib.POFile) -> None:
    problems = _missing(catalog, choice_messages())
    assert not problems, "\n".join(problems)


def test_catalog_header_and_compilation(catalog: polib.POFile, tmp_path: Path) -> None:
    assert catalog.metadata.get("Language") == "vi"
    assert "nplurals=1" in catalog.metadata.get("Plural-Forms", "")
    assert catalog.percent_translated() == 100
    target = tmp_path / "vi" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "django.po").write_bytes(PO_PATH.read_bytes())
    [(mo_path, count)] = compile_catalogs([tmp_path])
    assert mo_path.exists() and count == len(catalog.translated_entries())
    assert polib.mofile(str(mo_path)).find("Person search").msgstr == "Tra cứu người tham gia"


APPS_WITH_CATALOGUES = sorted(p.parent.parent.parent.parent for pattern in ("*/locale/vi/LC_MESSAGES/django.po",
                                                                           "*/*/locale/vi/LC_MESSAGES/django.po")
                              for p in WEB_DIR.parent.glob(pattern)
                              if p.parent.parent.parent.parent.name != "ansinh")  # apps inside an app too (portal/unit)


@pytest.mark.parametrize("app_dir", APPS_WITH_CATALOGUES, ids=lambda p: p.name)
def test_every_app_catalogue_is_complete(app_dir: Path) -> None:
    """Every app that keeps its own catalogue translates every string of its templates and Python code (service
    refusals marked with gettext included), with the same placeholders."""
    missing, mismatched = app_catalogue_problems(app_dir)
    elsewhere = set()  # Django merges the catalogues: a string translated in another one is translated
    for po_path in [PO_PATH, *(d / "locale" / "vi" / "LC_MESSAGES" / "django.po" for d in APPS_WITH_CATALOGUES)]:
        elsewhere |= {e.msgid for e in polib.pofile(str(po_path)) if e.msgstr or any(e.msgstr_plural.values())}
    missing = [m for m in missing if m not in elsewhere]
    assert not missing, f"{app_dir.name}: no Vietnamese for {missing}"
    assert not mismatched, f"{app_dir.name}: placeholders differ in {mismatched}"


def test_compiling_makes_the_process_read_the_catalogues_again() -> None:
    """`ansinh demo` compiles the catalogues after migrate has already used Vietnamese: the texts it writes later
    (the demo officers' refusal notes) must be Vietnamese, not the English the empty first read gave."""
    import gettext as gettext_module

    from django.core.management import call_command
    from django.utils import translation
    from django.utils.translation import trans_real

    class Empty(gettext_module.NullTranslations):  # what a first read before the .mo files existed leaves
        def to_language(self) -> str:
            return "vi"

    trans_real._translations["vi"] = Empty()
    with translation.override("vi"):
        assert translation.gettext("Granted") == "Granted"
    call_command("compile_translations", quiet=True)
    with translation.override("vi"):
        assert translation.gettext("Granted") != "Granted"
