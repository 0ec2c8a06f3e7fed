"""Compile every .po of the project (src/ansinh/locale/ and each ansinh app's locale/) to .mo with polib:
GNU gettext is not needed.

The .mo files are build output (git-ignored); `make test` runs this first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def locale_dirs() -> list[Path]:
    """The project's locale path and the locale folder of every installed ansinh app."""
    from django.apps import apps

    dirs = [Path(p) for p in settings.LOCALE_PATHS]
    for config in apps.get_app_configs():
        folder = Path(config.path) / "locale"
        if config.name.startswith("ansinh.") and folder.is_dir() and folder not in dirs:
            dirs.append(folder)
    return dirs


def compile_catalogs(dirs: list[Path] | None = None) -> list[tuple[Path, int]]:
    """Write <name>.mo next to each <name>.po; return (mo path, number of translated messages)."""
    done = []
    for root in dirs if dirs is not None else locale_dirs():
        for po_path in sorted(root.rglob("*.po")):
            try:
                catalog = polib.pofile(str(po_path))
            except (OSError, ValueError) as exc:
                raise CommandError(f"{po_path}: {exc}") from exc
            mo_path = po_path.with_suffix(".mo")
            catalog.save_as_mofile(str(mo_path))
            done.append((mo_path, len(catalog.translated_entries())))
    return done


def forget_loaded_catalogs() -> None:
    """Make this process read the catalogues again. Django keeps each language's catalogue from its first use: in a
    process that used Vietnamese before the .mo files existed (`ansinh demo` on a fresh checkout: migrate names
    things in the default language before the translations step), every later text would stay English. The same
    reset Django's own `setting_changed` handler does for LOCALE_PATHS."""
    from asgiref.local import Local
    from django.utils.translation import trans_real

    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()
    trans_real.translation_catalog_exists.cache_clear()


class Command(BaseCommand):
    help = "Compile the translations (.po → .mo) of the project and its apps with polib, without GNU gettext."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet", action="store_true", help="Print nothing unless something goes wrong.")

    def handle(self, *args: Any, quiet: bool = False, **options: Any) -> None:
        done = compile_catalogs()
        forget_loaded_catalogs()
        if quiet:
            return
        if not done:
            self.stdout.write("no .po files found under " + ", ".join(str(p) for p in locale_dirs()))
        for mo_path, count in done:
            self.stdout.write(f"{mo_path}: {count} messages")
