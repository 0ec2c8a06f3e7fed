"""ansinh demo_dossiers: dossiers of the demo province in every state (received, supplement requested, refused, in
processing, decided, returned, withdrawn; late with and without apology; overdue), received at the desk, by post
and online over the last months, through the services (so the control record, notifications and audit are real).
Idempotent: does nothing when the province already has dossiers."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ansinh.accounts.models import Role, User
from ansinh.core.errors import ApplicationError
from ansinh.core.presentation import refusal
from ansinh.procedures.models import Dossier
from ansinh.procedures.services import dossiers as s
from ansinh.rules import procedures as catalogue
from ansinh.web import refusals as _refusals  # noqa: F401  (registers the general refusal sentences)

# non-benefit procedures go the whole way; benefit ones stop at processing (their claims are decided in Benefits)
FULL = ["change-info", "hi-card-issue", "hi-card-reissue", "voluntary-si", "household-hi", "reg-person",
        "reg-employer", "payment-change", "pension-resume", "benefit-art23", "hi-direct-payment"]
# every group in every state first (collection, benefits, health), then random ones
STATES = ["received", "supplement_requested", "refused", "in_processing", "decided", "returned", "withdrawn"]
PLANNED = [(code, state) for code in ("change-info", "payment-change", "hi-direct-payment") for state in STATES]
CLAIMS = ["benefit-one-time", "benefit-sickness", "benefit-pension", "benefit-maternity"]


class Command(BaseCommand):
    help = "Demo dossiers of the administrative procedures in every state (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--province", default="20")
        parser.add_argument("--count", type=int, default=60)
        parser.add_argument("--days", type=int, default=150, help="received over the last N days")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **opts: Any) -> None:
        from ansinh.places.models import AdminUnit, Level
        from ansinh.registry.models import Employer, Person

        province = AdminUnit.objects.current().filter(level=Level.PROVINCE, code=opts["province"]).first()
        if province is None:
            raise CommandError(f"no province {opts['province']}")
        if Dossier.objects.filter(commune__province=province).exists():
            self.stdout.write("dossiers already there")
            return
        actor = User.objects.filter(is_superuser=True).order_by("id").first()
        if actor is None:
            actor = User.objects.create(username="procedures_demo", role=Role.ADMINISTRATOR, is_superuser=True)
        rng = random.Random(opts["seed"])
        persons = list(Person.objects.filter(address_commune__province=province, death_date__isnull=True)
                       .order_by("id")[: opts["count"] * 2])
        employer = Employer.objects.filter(address_commune__province=province).order_by("id").first()
        if not persons:
            raise CommandError("no persons in the province: run `ansinh generate` first")
        now = timezone.now()
        made = 0
        self.special = self._special_persons(province)
        for i in range(opts["count"] + len(PLANNED)):
            code, target = PLANNED[i] if i < len(PLANNED) else (
                rng.choice(CLAIMS) if i % 6 == 5 else rng.choice(FULL), "")
            days = rng.randint(1, opts["days"])
            if target in ("received", "supplement_requested", "in_processing"):
                days = rng.randint(1, 3)  # recent, so still open and not overdue
            received = now - dt.timedelta(days=days, hours=rng.randint(0, 6))
            received = received.replace(hour=rng.randint(7, 16), minute=rng.randint(0, 59))
            if received > now:
                received -= dt.timedelta(days=1)
            person = self.special.get(code) or persons[i % len(persons)]
            try:
                self._one(actor, rng, code, person, employer, received, now, i, target)
            except ApplicationError as exc:
                self.stderr.write(f"dossier {i} ({code}): {exc.message}")
                continue
            made += 1
        self.stdout.write(f"{made} dossiers")

    def _special_persons(self, province: Any) -> dict[str, Any]:
        """Persons the works of some procedures need: a pensioner in payment, a suspended one, a household head."""
        from ansinh.benefits.models import Entitlement
        from ansinh.registry.models import Household, Person

        def pensioner(status: str) -> Any:
            pid = (Entitlement.objects.filter(status=status, person__address_commune__province=province)
                   .order_by("id").values_list("person_id", flat=True).first())
            return Person.objects.filter(pk=pid).first() if pid else None

        head = Household.objects.filter(commune__province=province, head__isnull=False).order_by("id").first()
        found = {"payment-change": pensioner("active"), "pension-resume": pensioner("suspended"),
                 "household-hi": head.head if head else None}
        return {k: v for k, v in found.items() if v is not None}

    def _request(self, code: str, person: Any, received: dt.datetime, i: int) -> dict[str, Any]:
        from ansinh.registry.models import HouseholdMember

        month = f"{received:%Y-%m}"
        if code == "change-info":
            return {"changes": {"address_line": f"Số {i + 1}, tổ {i % 9 + 1}"}, "reason": "Chuyển nơi ở trong xã"}
        if code == "hi-card-reissue":
            return {"reason": "lost" if i % 2 else "damaged"}
        if code == "voluntary-si":
            return {"income": 3_000_000 + 500_000 * (i % 5), "mode": "monthly", "start_month": month}
        if code == "household-hi":
            hh = HouseholdMember.objects.filter(person=person, valid_to__isnull=True).values_list("household_id",
                                                                                                flat=True).first()
            members = list(HouseholdMember.objects.filter(household_id=hh, valid_to__isnull=True)
                           .values_list("person_id", flat=True)[:4]) if hh else [person.pk]
            return {"members": members, "months": 12, "start_month": month}
        if code == "payment-change":
            return {"method": "bank", "bank_account": f"{1020000000 + i}", "bank_code": "VBA"}
        if code == "pension-resume":
            return {"reason": "Đã xác minh được nơi cư trú", "from_month": month}
        if code.startswith("benefit-") and code != "benefit-art23":
            return {"payment_method": "bank", "bank_account": f"{2030000000 + i}", "bank_code": "VCB"}
        if code == "reg-person":
            return {"citizen_id": f"0010{90 + i % 9}{700000 + i:06d}", "full_name": f"Nguyễn Văn Mới {i + 1}",
                    "birth_date": f"19{90 + i % 9}-0{1 + i % 9}-1{i % 10}", "sex": "M",
                    "address_commune": person.address_commune_id}
        return {}

    def _one(self, actor: Any, rng: random.Random, code: str, person: Any, employer: Any, received: dt.datetime,
             now: dt.datetime, i: int, target: str = "") -> None:
        proc = catalogue.procedure(code, received.date())
        channel = rng.choices(["desk", "online", "post"], weights=[5, 4, 1])[0]
        if channel not in proc.channels:
            channel = "desk"
        required = [d.code for d in proc.documents if d.required]
        roll = {"supplement_requested": 0.0, "refused": 0.09, "withdrawn": 0.12, "received": 0.15}.get(
            target, max(0.18, rng.random()) if target else rng.random())
        if code == "benefit-art23" and roll < 0.08:
            roll = 0.09  # one required document: nothing to leave out
        documents = required[:-1] if roll < 0.08 and len(required) > 1 else required
        post = {"postal_receipt": f"RR{100000 + i}VN", "postal_date": received.date() - dt.timedelta(days=2)} \
            if channel == "post" else {}
        refuse = "Hồ sơ không thuộc thẩm quyền giải quyết" if 0.08 <= roll < 0.11 else ""
        new = code == "reg-person" and i % 2 == 0  # half the registrations arrive before the person is registered
        d = s.dossier_receive(actor=actor, procedure_code=code, channel=channel,
                              request=self._request(code, person, received, i) if not (
                                  code == "reg-person" and not new) else {},
                              person=person if proc.subject == "person" and not new else None,
                              employer=employer if proc.subject == "employer" else None, documents=documents,
                              refusal_reason=refuse, received_at=received, source="demo",
                              online_ref=f"DVC-{i:06d}" if channel == "online" else "", **post)
        if d.status != "received":
            return
        if 0.11 <= roll < 0.14:
            s.dossier_withdraw(actor=actor, dossier=d, reason="Người nộp đề nghị rút hồ sơ", source="demo",
                               at=received + dt.timedelta(hours=2))
            return
        step = received + dt.timedelta(hours=3)
        if step > now or roll < 0.18 or target == "received":
            return  # stays at the desk
        d = s.dossier_hand_over(actor=actor, dossier=d, note="Chuyển bộ phận giải quyết", source="demo", at=step)
        if code in CLAIMS:
            return
        assert d.due_on is not None
        if target == "in_processing":
            return
        # decided before, on or after the due date
        late = rng.random() < 0.15 and not target
        cal = s.calendar()
        target_day = d.due_on + dt.timedelta(days=rng.randint(1, 5)) if late else \
            received.date() + dt.timedelta(days=rng.randint(1, max(1, (d.due_on - received.date()).days)))
        if late and rng.random() < 0.6:
            deadline = cal.previous_working_day(d.due_on)
            new_due = d.due_on + dt.timedelta(days=7)
            while not cal.is_working_day(new_due):
                new_due += dt.timedelta(days=1)
            moment = timezone.make_aware(dt.datetime.combine(deadline, dt.time(10, 0)))
            if step < moment <= now:
                s.dossier_apologise(actor=actor, dossier=d, reason="Chờ xác minh thông tin từ cơ quan thuế",
                                    new_due_on=new_due, source="demo", at=moment)
        decided_at = timezone.make_aware(dt.datetime.combine(target_day, dt.time(15, 0)))
        if decided_at > now or decided_at <= step:
            if not target:
                return  # still in processing (perhaps overdue)
            decided_at = min(now - dt.timedelta(hours=2), step + dt.timedelta(hours=2))
        try:  # the work is applied on approval; a work that cannot go on is refused with its reason
            d = s.dossier_decide(actor=actor, dossier=d, outcome="granted", note="", source="demo", at=decided_at)
        except ApplicationError as exc:  # the officer writes the reason in Vietnamese
            d.refresh_from_db()
            detail = d.work_detail or {}
            why = (refusal(detail["problem_code"], detail.get("problem", ""), lang="vi")[0]
                   if detail.get("problem_code") else refusal(exc.code, exc.message, lang="vi")[0])
            d = s.dossier_decide(actor=actor, dossier=d, outcome="refused", note=why[:300], source="demo",
                                 at=decided_at)
        returned_at = decided_at + dt.timedelta(days=1)
        if target == "returned":
            returned_at = min(returned_at, now)
        elif target == "decided" or returned_at > now or rng.random() < 0.2:
            return
        s.dossier_return(actor=actor, dossier=d, channel=d.channel,
                         tracking_number=f"EB{200000 + i}VN" if d.channel == "post" else "", source="demo",
                         at=returned_at)
