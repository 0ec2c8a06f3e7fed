"""ansinh demo: everything the demo needs, idempotent — migrate, reference data, offices, the demo province,
population, demo users. A second run reuses what is there and takes seconds."""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from ansinh.accounts.models import Role
from ansinh.accounts.services import user_ensure

DEMO_PASSWORD = "ansinh-demo"
# Full names (family and middle, given) and titles of the demo staff: decisions and notices print them.
DEMO_NAMES = {
    "admin": ("Trần Quốc", "Bảo", "Quản trị hệ thống"),
    "manager": ("Hoàng Văn", "Minh", "Phó Giám đốc"),
    "collection_officer": ("Lê Thị", "Hằng", "Chuyên viên phòng Quản lý thu"),
    "benefits_officer": ("Nguyễn Thị", "Lan", "Chuyên viên phòng Chế độ BHXH"),
    "hi_officer": ("Phạm Đức", "Anh", "Giám định viên BHYT"),
    "desk_clerk": ("Vi Thị", "Thu", "Cán bộ tiếp nhận hồ sơ"),
    "officer_local": ("Nông Văn", "Hải", "Chuyên viên thu"),
}


class Command(BaseCommand):
    help = "Prepare the demo: migrate, load places and offices, generate the demo province, create demo users."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--persons", type=int, default=20_000)
        parser.add_argument("--months", type=int, default=13,
                            help="months of simulated history (13 gives month-on-month and year-on-year figures)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--province", default="20", help="GSO province code (default 20, Lạng Sơn)")

    def handle(self, *args: Any, **opts: Any) -> None:
        started = time.monotonic()
        verbosity = opts["verbosity"]
        step = self._step
        step("migrate", lambda: call_command("migrate", interactive=False, verbosity=0))
        step("translations", lambda: call_command("compile_translations", quiet=True))
        step("places", lambda: call_command("load_places", verbosity=verbosity))
        step("offices", lambda: call_command("load_offices", province=opts["province"], verbosity=verbosity))
        step("demo province", lambda: call_command(
            "generate", persons=opts["persons"], seed=opts["seed"], province=opts["province"], verbosity=verbosity))
        step(f"{opts['months']} months of history",
             lambda: call_command("simulate", months=opts["months"], seed=opts["seed"], verbosity=verbosity))
        step("population", lambda: call_command("demo_population", province=opts["province"], seed=opts["seed"], verbosity=verbosity))
        users = self._users(opts["province"])
        self.stdout.write(self.style.SUCCESS(f"Demo ready in {time.monotonic() - started:.0f} s."))
        self.stdout.write("Open http://127.0.0.1:8000/ and sign in (password for every demo user: "
                          f"{DEMO_PASSWORD}):")
        for username, description in users:
            self.stdout.write(f"  {username:22} {description}")
        self.stdout.write("REST API: http://127.0.0.1:8000/api/v1/docs  (token: ansinh api_token admin)")

    def _step(self, label: str, action: Any) -> None:
        t = time.monotonic()
        self.stdout.write(f"… {label}")
        action()
        self.stdout.write(f"✓ {label} ({time.monotonic() - t:.1f} s)")

    def _users(self, province_code: str) -> list[tuple[str, str]]:
        from ansinh.places.models import AdminUnit, Level, Office
        from ansinh.registry.models import Employer, Person

        province = AdminUnit.objects.current().get(level=Level.PROVINCE, code=province_code)
        offices = list(Office.objects.filter(province=province, valid_to__isnull=True, kind=Office.Kind.LOCAL).order_by("code"))
        made = []

        def ensure(username: str, description: str, **kw: Any) -> None:
            last, first, title = DEMO_NAMES.get(username, ("", "", ""))
            user_ensure(username=username, password=DEMO_PASSWORD, first_name=first, last_name=last,
                        job_title=title, **kw)
            made.append((username, description))

        ensure("admin", "administrator, whole country", role=Role.ADMINISTRATOR, whole_country=True, is_superuser=True)
        ensure("manager", f"manager, {province.name}", role=Role.MANAGER, units=[province])
        for role in (Role.COLLECTION_OFFICER, Role.BENEFITS_OFFICER, Role.HI_OFFICER, Role.DESK_CLERK):
            ensure(role.value, f"{role.label}, {province.name}", role=role, units=[province])
        if offices:
            ensure("officer_local", f"{Role.COLLECTION_OFFICER.label}, {offices[0].name}", role=Role.COLLECTION_OFFICER,
                   offices=[offices[0]])
        employer = Employer.objects.filter(address_commune__province=province).order_by("id").first()
        if employer:
            ensure("employer", f"representative of {employer.name}", role=Role.EMPLOYER_REP, employer=employer)
        person = Person.objects.filter(address_commune__province=province).order_by("id").first()
        if person:
            ensure("citizen", f"citizen {person.full_name}", role=Role.CITIZEN, person=person)
        return made
