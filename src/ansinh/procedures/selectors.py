"""Reading dossiers, always through the user's scope: the desk queue per office, the handler queues per department,
search by receipt code / person / unit, and the on-time report."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from ansinh.accounts.models import Role
from ansinh.accounts.scope import restrict_by_commune
from ansinh.core.errors import NotFound
from ansinh.procedures.models import Channel, Dossier, Status
from ansinh.rules import dossier_states as st
from ansinh.rules.working_days import Calendar


def dossiers_visible(user: Any) -> QuerySet[Dossier]:
    qs = Dossier.objects.all()
    role = getattr(user, "role", None)
    if not getattr(user, "is_superuser", False) and role == Role.CITIZEN:
        return qs.filter(person_id=user.person_id) if user.person_id else qs.none()
    if not getattr(user, "is_superuser", False) and role == Role.EMPLOYER_REP:
        return qs.filter(employer_id=user.employer_id) if user.employer_id else qs.none()
    return restrict_by_commune(qs, user, "commune_id")


def dossier_get(*, user: Any, dossier_id: object) -> Dossier:
    try:
        return dossiers_visible(user).select_related(
            "person", "employer", "office", "commune", "received_by", "handler", "decided_by").get(pk=dossier_id)
    except (Dossier.DoesNotExist, ValueError, TypeError):
        raise NotFound("dossier", dossier_id) from None


def dossier_by_lookup(*, code: str, key: str) -> Dossier:
    """The applicant's look-up: receipt code and the lookup key printed on the receipt (no sign-in)."""
    found = Dossier.objects.filter(code=code.strip(), lookup_key=key.strip().upper()).first()
    if found is None:
        raise NotFound("dossier", code)
    return found


def dossier_search(*, user: Any, q: str = "", status: str = "", department: str = "", office_id: Any = None,
                   channel: str = "", procedure: str = "", queue: str = "") -> QuerySet[Dossier]:
    qs = dossiers_visible(user).select_related("person", "employer", "office")
    if q:
        qs = qs.filter(Q(code__iexact=q) | Q(person__citizen_id=q) | Q(person__si_code=q)
                       | Q(employer__unit_code=q) | Q(employer__tax_code=q) | Q(applicant_name__icontains=q)
                       | Q(employer__name__icontains=q))
    if status:
        qs = qs.filter(status=status)
    if department:
        qs = qs.filter(department=department)
    if office_id:
        qs = qs.filter(office_id=office_id)
    if channel:
        qs = qs.filter(channel=channel)
    if procedure:
        qs = qs.filter(procedure_code=procedure)
    if queue == "desk":  # the desk acts: incomplete, complete but not handed over, decided to return
        qs = qs.filter(status__in=[Status.SUPPLEMENT, Status.RECEIVED, Status.DECIDED]).order_by("due_on", "id")
    elif queue == "handler":
        qs = qs.filter(status=Status.IN_PROCESSING).order_by("due_on", "id")
    return qs


def flags(dossier: Dossier, today: dt.date, calendar: Calendar) -> dict[str, bool]:
    due = dossier.new_due_on or dossier.due_on
    return {
        "overdue": dossier.status in st.RUNNING and due is not None and today > due,
        "about_to_be_late": st.about_to_be_late(state=dossier.status, due=due, today=today, calendar=calendar),
        "needs_apology": (dossier.status in st.RUNNING and dossier.due_on is not None and dossier.new_due_on is None
                          and today <= st.apology_deadline(dossier.due_on, calendar)
                          and st.about_to_be_late(state=dossier.status, due=dossier.due_on, today=today,
                                                  calendar=calendar)),
    }


# --- report ---------------------------------------------------------------------------------------------------


@dataclass
class Row:
    key: str
    received: int = 0
    online: int = 0
    resolved: int = 0
    on_time: int = 0
    late: int = 0
    late_with_apology: int = 0
    overdue: int = 0
    open: int = 0
    days_sum: int = 0  # working days from complete to decided, over resolved
    limit_sum: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.resolved if self.resolved else None

    @property
    def online_share(self) -> float | None:
        return self.online / self.received if self.received else None

    @property
    def avg_days(self) -> float | None:
        return self.days_sum / self.resolved if self.resolved else None

    @property
    def avg_limit(self) -> float | None:
        return self.limit_sum / self.resolved if self.resolved else None


@dataclass
class Report:
    first: dt.date
    last: dt.date
    total: Row
    by: dict[str, list[Row]] = field(default_factory=dict)


def report(*, user: Any, first: dt.date, last: dt.date, today: dt.date | None = None,
           calendar: Calendar | None = None) -> Report:
    """Dossiers received first..last (refused at the desk not counted as received): resolved on time (decided by
    the original due date), late (with or without apology), overdue (open past the due date), open; by procedure,
    channel, office and month. One query; counting in Python over plain tuples."""
    from ansinh.procedures.services.dossiers import calendar as agency_calendar
    from ansinh.rules.procedures import procedure

    today = today or timezone.localdate()
    cal = calendar or agency_calendar()
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    rows = (dossiers_visible(user).filter(received_at__gte=start, received_at__lt=end)
            .exclude(status=Status.REFUSED)
            .values_list("procedure_code", "procedure_from", "channel", "office__name", "received_at", "status",
                         "complete_on", "due_on", "new_due_on", "decided_at"))
    total = Row("total")
    groups: dict[str, dict[str, Row]] = {k: {} for k in ("procedure", "channel", "office", "month")}
    limits: dict[tuple[str, dt.date], int] = {}
    for code, since, channel, office, received_at, status, complete_on, due_on, new_due, decided_at in rows:
        local = timezone.localtime(received_at, tz)
        keys = {"procedure": code, "channel": channel, "office": office, "month": local.strftime("%Y-%m")}
        targets = [total] + [groups[g].setdefault(k, Row(k)) for g, k in keys.items()]
        decided = timezone.localtime(decided_at, tz).date() if decided_at else None
        for r in targets:
            r.received += 1
            r.online += channel == Channel.ONLINE
            if decided is not None and due_on is not None:
                r.resolved += 1
                if decided <= due_on:
                    r.on_time += 1
                else:
                    r.late += 1
                    r.late_with_apology += new_due is not None
                if (code, since) not in limits:
                    limits[(code, since)] = procedure(code, since).limit
                r.days_sum += cal.working_days_between(complete_on + dt.timedelta(days=1), decided) \
                    if complete_on and decided > complete_on else 0
                r.limit_sum += limits[(code, since)]
            elif status in st.OPEN:
                r.open += 1
                r.overdue += status in st.RUNNING and due_on is not None and today > (new_due or due_on)
    by = {g: sorted(d.values(), key=lambda r: r.key) for g, d in groups.items()}
    return Report(first, last, total, by)


def queue_counts(user: Any) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for status in dossiers_visible(user).filter(status__in=[*list(st.OPEN), Status.DECIDED]).values_list(
            "status", flat=True):
        counts[status] += 1
    return dict(counts)


def warning_counts(user: Any, today: dt.date, calendar: Calendar) -> dict[str, int]:
    """Open dossiers whose time runs: overdue (past the due date or the apology's date) and about to be late (due
    on the next working day or earlier: the apology deadline has come)."""
    from django.db.models.functions import Coalesce

    horizon = calendar.add_working_days(today, 1)
    qs = (dossiers_visible(user).filter(status__in=list(st.RUNNING), due_on__isnull=False)
          .annotate(effective=Coalesce("new_due_on", "due_on")))
    return {"overdue": qs.filter(effective__lt=today).count(),
            "about_to_be_late": qs.filter(effective__gte=today, effective__lte=horizon).count()}
