"""ansinh demo: everything the demo needs, idempotent — migrate, reference data, offices, the demo province,
its history through the month before today, population, HI cards, statistics, the year's plan, demo users,
benefits (claims, pensioners on the payroll). A second run reuses what is there and takes seconds."""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Q
from django.utils import timezone

from ansinh.accounts.models import Role
from ansinh.accounts.services import user_ensure
from ansinh.rules.periods import Month

DEMO_PASSWORD = "ansinh-demo"
# Full names (family and middle, given) and titles of the demo staff: decisions and notices print them.
DEMO_NAMES = {
    "admin": ("Trần Quốc", "Bảo", "Quản trị hệ thống"),
    "manager": ("Hoàng Văn", "Minh", "Phó Giám đốc"),
    "collection_officer": ("Lê Thị", "Hằng", "Chuyên viên phòng Quản lý thu"),
    "benefits_officer": ("Nguyễn Thị", "Lan", "Chuyên viên phòng Chế độ BHXH"),
    "benefits_approver": ("Đinh Văn", "Tùng", "Phó Trưởng phòng Chế độ BHXH"),
    "hi_officer": ("Phạm Đức", "Anh", "Giám định viên BHYT"),
    "desk_clerk": ("Vi Thị", "Thu", "Cán bộ tiếp nhận hồ sơ"),
    "officer_local": ("Nông Văn", "Hải", "Chuyên viên thu"),
    "agent": ("Lục Thị", "Mai", "Nhân viên thu, đại lý thu"),
    "employer": ("Lương Thị", "Lan", "Kế toán trưởng"),
    "employer_declarer": ("Hà Văn", "Đức", "Nhân viên nhân sự"),
    "employer_viewer": ("Triệu Thị", "Hoa", "Trợ lý giám đốc"),
}


class Command(BaseCommand):
    help = "Prepare the demo: migrate, load places and offices, generate the demo province, create demo users."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--persons", type=int, default=20_000)
        parser.add_argument("--months", type=int, default=13,
                            help="months of simulated history, counted back from --until (13 gives month-on-month "
                                 "and year-on-year figures)")
        parser.add_argument("--until", default="",
                            help="last month of history, YYYY-MM (default: the month before today)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--province", default="20", help="GSO province code (default 20, Lạng Sơn)")

    def handle(self, *args: Any, **opts: Any) -> None:
        started = time.monotonic()
        verbosity = self.verbosity = opts["verbosity"]
        step = self._step
        step("migrate", lambda: call_command("migrate", interactive=False, verbosity=0))
        step("translations", lambda: call_command("compile_translations", quiet=True))
        step("static files", lambda: call_command("collectstatic", interactive=False, verbosity=0))
        step("places", lambda: call_command("load_places", verbosity=verbosity))
        step("offices", lambda: call_command("load_offices", province=opts["province"], verbosity=verbosity))
        step("demo province", lambda: call_command(
            "generate", persons=opts["persons"], seed=opts["seed"], province=opts["province"], verbosity=verbosity))
        try:
            until = Month.parse(opts["until"]) if opts["until"] else Month.of(timezone.localdate()) - 1
        except ValueError as exc:
            raise CommandError(f"--until: {exc}") from None
        first = until - (opts["months"] - 1)
        step(f"{opts['months']} months of history ({first}..{until})",
             lambda: call_command("simulate", months=opts["months"], until=str(until), seed=opts["seed"],
                                  verbosity=verbosity))
        step("population", lambda: call_command(
            "demo_population", province=opts["province"], seed=opts["seed"], from_registry=True,
            years=f"2019-{max(until.year, Month.of(timezone.localdate()).year)}", verbosity=verbosity))
        users = self._users(opts["province"])
        # The day's batch jobs run as job runs (jobs app), in this process: the job log shows who ran what, when,
        # how long, and the statistics each one refreshed.
        step("HI cards", lambda: self._job("issue_cards", {"period": str(until)}, Role.HI_OFFICER.value))
        step("statistics", lambda: [
            self._job("refresh_statistics", {"period": str(m), "only_dirty": True}, "manager")
            for m in (first + i for i in range(first.months_until(Month.of(timezone.localdate())) + 1))])
        step("plan", lambda: self._plan(opts["province"], until))
        step("HI claims", lambda: call_command("claims_demo", province=opts["province"], seed=opts["seed"],
                                               until=str(until), cards=max(100, opts["persons"] // 2),
                                               verbosity=verbosity))
        step("compliance lists", lambda: call_command("compliance_demo", province=opts["province"], seed=opts["seed"],
                                                      verbosity=verbosity))
        step("benefits", lambda: self._benefits(until, opts["seed"]))
        step("procedure dossiers", lambda: call_command("demo_dossiers", province=opts["province"], seed=opts["seed"],
                                                        verbosity=verbosity))
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

    def _job(self, kind: str, params: dict[str, Any], username: str, upload: Any = None) -> Any:
        """Start a job as the demo user and run it here (the worker later finds it done), then the statistics
        refreshes it enqueued. A run already recorded for the same kind and parameters is not repeated."""
        from ansinh.accounts.models import User
        from ansinh.jobs.models import JobRun
        from ansinh.jobs.services import execute, job_start

        done = JobRun.objects.filter(kind=kind, status=JobRun.Status.DONE, params=params).order_by("-id").first()
        if done is not None:
            return done
        run = execute(job_start(actor=User.objects.get(username=username), kind=kind, params=params,
                                upload=upload).pk)
        if run.status != JobRun.Status.DONE:
            raise CommandError(f"{kind} {params}: {run.error_code} {run.error}".strip())
        for follow in JobRun.objects.filter(triggered_by=run, status=JobRun.Status.QUEUED).order_by("id"):
            execute(follow.pk)
        if self.verbosity > 0:
            self.stdout.write(f"job #{run.pk} {kind} {params}: " + ", ".join(
                f"{label} {value}" for label, value, *_ in run.summary[:6]))
        return run

    def _plan(self, province_code: str, until: Month) -> None:
        from ansinh.planning.demo import demo_plan

        year = Month.of(timezone.localdate()).year
        plan = demo_plan(province_code=province_code, year=year, last=until)
        self.stdout.write(f"plan {year}: " + (f"version {plan.version}" if plan else "no statistics, no plan"))

    def _benefits(self, until: Month, seed: int) -> None:
        from ansinh.accounts.models import User
        from ansinh.benefits.demo import demo_benefits

        officers = (User.objects.get(username=Role.BENEFITS_OFFICER.value), User.objects.get(username="benefits_approver"))
        report = demo_benefits(last=until, seed=seed, officers=officers,
                               clerk=User.objects.get(username=Role.DESK_CLERK.value),
                               payroll_job=lambda period: self._job("payroll", {"period": str(period)},
                                                                    Role.BENEFITS_OFFICER.value))
        self.stdout.write(report.summary())

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
        ensure("benefits_approver", f"{Role.BENEFITS_OFFICER.label} (second officer, approves), {province.name}",
               role=Role.BENEFITS_OFFICER, units=[province])
        if offices:
            ensure("officer_local", f"{Role.COLLECTION_OFFICER.label}, {offices[0].name}", role=Role.COLLECTION_OFFICER,
                   offices=[offices[0]])
        # the portals' demo users get data to look at: the unit with the most current employees, a citizen who
        # works for an employer today (contributions month by month, an HI card through the employer)
        today = timezone.localdate()
        current = Q(employments__valid_from__lte=today) & (Q(employments__valid_to__isnull=True)
                                                           | Q(employments__valid_to__gte=today))
        employer = (Employer.objects.filter(address_commune__province=province)
                    .annotate(staff=Count("employments", filter=current)).order_by("-staff", "id").first())
        if employer:
            from ansinh.accounts.models import User
            from ansinh.portal.unit.services import member_ensure

            for username, unit_role, what in (("employer", "admin", "administrator"),
                                              ("employer_declarer", "declarer", "declarer"),
                                              ("employer_viewer", "viewer", "viewer")):
                ensure(username, f"{what} of {employer.name}: portal /portal/login/ with this user name",
                       role=Role.EMPLOYER_REP, employer=employer)
                member_ensure(user=User.objects.get(username=username), unit_role=unit_role)
        working = Person.objects.filter(address_commune__province=province).filter(current).exclude(citizen_id="")
        person = (working.filter(hi_cards__valid_to__gte=today).order_by("id").first() or working.order_by("id").first()
                  or Person.objects.filter(address_commune__province=province).order_by("id").first())
        if person:
            ensure("citizen", f"citizen {person.full_name}: portal /portal/login/ with ID {person.citizen_id}",
                   role=Role.CITIZEN, person=person)
        agent = self._demo_agent(province)
        if agent is not None:
            ensure("agent", f"staff of the collection point {agent.name} ({agent.code}): /agent/login/",
                   role=Role.COLLECTION_AGENT)
            self._agent_staff(agent, "agent")
        return made

    def _demo_agent(self, province: Any) -> Any:
        """The post office serving the most households of the demo province (its agent screen has people to find)."""
        from django.db.models import Count

        from ansinh.agents.selectors import agent_communes
        from ansinh.contributions.models import CollectionAgent
        from ansinh.registry.models import Household

        agents = list(CollectionAgent.objects.filter(commune__province=province, valid_to__isnull=True,
                                                     kind=CollectionAgent.Kind.POST_OFFICE).order_by("code"))
        if not agents:
            return None
        per_commune = dict(Household.objects.filter(commune__province=province).values("commune_id")
                           .annotate(n=Count("id")).values_list("commune_id", "n"))
        return max(agents, key=lambda a: (sum(per_commune.get(c, 0) for c in agent_communes(a)), -a.pk))

    def _agent_staff(self, agent: Any, username: str) -> None:
        from ansinh.accounts.models import User
        from ansinh.contributions.models import AgentStaff
        from ansinh.contributions.services.collection import agent_staff_add

        user = User.objects.get(username=username)
        if not AgentStaff.objects.filter(user=user).exists():
            agent_staff_add(actor=None, agent=agent, full_name=user.get_full_name() or username,
                            valid_from=agent.valid_from, user=user, source="cli")
