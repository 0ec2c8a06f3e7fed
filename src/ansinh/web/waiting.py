"""What waits for the signed-in user, shown on the home page: a small registry of providers.

A provider is a function `(user) -> list[Waiting]` that answers only for the roles that own the work and counts
within the user's localities. An app adds its own with the decorator, in its `AppConfig.ready()`:

    from ansinh.web.waiting import Waiting, waiting_provider

    @waiting_provider("jobs")
    def failed_jobs(user):
        if user.role not in (...):
            return []
        n = JobRun.objects.filter(status="failed", ...).count()
        return [Waiting(_("Failed jobs"), n, reverse("jobs:list") + "?status=failed", urgent=True)]

A provider that fails is left out of the page (logged), never a 500 on the home page.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Waiting:
    label: Any  # a (lazy) translated string
    count: int
    url: str
    urgent: bool = False  # shown first, marked
    hint: Any = ""


Provider = Callable[[Any], list[Waiting]]
PROVIDERS: dict[str, Provider] = {}


def waiting_provider(name: str) -> Callable[[Provider], Provider]:
    def register(fn: Provider) -> Provider:
        PROVIDERS[name] = fn
        return fn

    return register


def waiting_for(user: Any) -> list[Waiting]:
    """Every provider's items for the user, the urgent and the largest first; items with a zero count kept (an
    officer sees that nothing waits) only when the provider says so by returning them."""
    items: list[Waiting] = []
    for name, provider in PROVIDERS.items():
        try:
            items.extend(provider(user))
        except Exception:  # a broken provider must not take the home page down
            log.exception("waiting provider %s failed", name)
    return sorted(items, key=lambda w: (not w.urgent, -w.count))


def _url(name: str, *args: Any, query: str = "") -> str:
    try:
        return reverse(name, args=args) + (f"?{query}" if query else "")
    except NoReverseMatch:
        return ""


def _roles(user: Any, *roles: str) -> bool:
    return bool(user.is_superuser or user.role in roles)


# --- the providers of the areas built so far ---------------------------------------------------------------------

COLLECTION = ("collection_officer", "manager", "administrator")
BENEFITS = ("benefits_officer", "desk_clerk", "manager", "administrator")


@waiting_provider("claims")
def claims_waiting(user: Any) -> list[Waiting]:
    if not _roles(user, *BENEFITS):
        return []
    from django.db.models import Count

    from ansinh.benefits.models import Claim
    from ansinh.benefits.selectors import claims_visible

    counts = dict(claims_visible(user).values_list("status").annotate(n=Count("id")).order_by())
    today = timezone.localdate()
    late = claims_visible(user).filter(
        due_on__lt=today, status__in=[Claim.Status.RECEIVED, Claim.Status.COMPUTED, Claim.Status.APPROVED,
                                      Claim.Status.REOPENED]).count()
    S = Claim.Status
    out = [
        Waiting(_("Claims to compute"), counts.get(S.RECEIVED, 0) + counts.get(S.REOPENED, 0),
                _url("benefits:claims", query="status=received")),
        Waiting(_("Claims to approve"), counts.get(S.COMPUTED, 0), _url("benefits:claims", query="status=computed")),
        Waiting(_("Claims to decide"), counts.get(S.APPROVED, 0), _url("benefits:claims", query="status=approved")),
    ]
    if late:
        out.append(Waiting(_("Claims past their legal deadline"), late, _url("benefits:claims"), urgent=True))
    return out


@waiting_provider("declarations")
def declarations_waiting(user: Any) -> list[Waiting]:
    if not _roles(user, *COLLECTION):
        return []
    from ansinh.contributions.lists import declarations_visible
    from ansinh.contributions.models import Declaration

    since = timezone.now() - dt.timedelta(days=30)
    n = declarations_visible(user).filter(status=Declaration.Status.REJECTED, submitted_at__gte=since).count()
    return [Waiting(_("Declarations refused in the last 30 days (to follow up)"), n,
                    _url("declarations:declaration_list", query="status=rejected"))]


@waiting_provider("bank_lines")
def bank_lines_waiting(user: Any) -> list[Waiting]:
    if not _roles(user, *COLLECTION):
        return []
    from ansinh.contributions.models import BankStatementLine

    n = BankStatementLine.objects.filter(status=BankStatementLine.Status.UNMATCHED).count()
    return [Waiting(_("Bank lines not matched to an employer"), n, _url("contributions:bank_lines"), urgent=n > 0)]


@waiting_provider("debts")
def debts_waiting(user: Any) -> list[Waiting]:
    if not _roles(user, *COLLECTION):
        return []
    from ansinh.contributions.arrears_queries import debts_visible
    from ansinh.rules.periods import Month

    period = Month.of(timezone.localdate()) - 1
    n = sum(1 for row, _e in debts_visible(user, period) if row.months_overdue > 3)
    return [Waiting(_("Employers owing for more than three months"), n,
                    _url("contributions:debts", query=f"period={period}&over=3"))]


@waiting_provider("jobs")
def failed_jobs_waiting(user: Any) -> list[Waiting]:
    """Runs of the last 30 days that failed, of the kinds this user may start, within their localities, and not
    since made good by a later run of the same kind and period that finished."""
    from django.db.models import Exists, OuterRef

    from ansinh.jobs.kinds import kinds_for
    from ansinh.jobs.models import JobRun
    from ansinh.jobs.selectors import runs_visible

    kinds = [k.code for k in kinds_for(user)]
    if not kinds:
        return []
    since = timezone.now() - dt.timedelta(days=30)
    redone = JobRun.objects.filter(lock_key=OuterRef("lock_key"), queued_at__gt=OuterRef("queued_at"),
                                   status__in=[JobRun.Status.DONE, *JobRun.ACTIVE])
    n = (runs_visible(user).filter(kind__in=kinds, status=JobRun.Status.FAILED, queued_at__gte=since)
         .exclude(Exists(redone)).count())
    return [Waiting(_("Failed jobs to look at (last 30 days)"), n, _url("jobs:list", query="status=failed"),
                    urgent=n > 0)]
