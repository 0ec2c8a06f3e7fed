"""The `ansinh` console command: Django's management commands, with ours listed first."""

from __future__ import annotations

import os
import sys

OUR_APPS = ("ansinh.",)


def _help() -> None:
    import django
    from django.core.management import get_commands

    django.setup()
    ours: dict[str, list[str]] = {}
    for name, app in sorted(get_commands().items()):
        if app.startswith(OUR_APPS):
            ours.setdefault(app.removeprefix("ansinh."), []).append(name)
    print("usage: ansinh <command> [options]    (ansinh help <command> for a command's options)\n")
    print("ansinh commands:")
    for app, names in sorted(ours.items()):
        print(f"  [{app}]")
        for name in names:
            print(f"    {name}")
    print("\nDjango commands (migrate, runserver, createsuperuser, shell, ...): ansinh help --django")


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansinh.config.settings")
    argv = list(sys.argv if argv is None else argv)
    if len(argv) < 2 or argv[1] in ("-h", "--help") or argv[1:] == ["help"]:
        _help()
        return
    if argv[1:] == ["help", "--django"]:
        argv = [*argv[:1], "help"]
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
