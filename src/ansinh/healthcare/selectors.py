"""Reading the claims through the user's scope: the facilities a user sees (their localities; a facility account
its own facility), the month's figures per facility with accepted / reduced / rejected amounts, the findings."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from ansinh.accounts.scope import visible_commune_ids
from ansinh.healthcare.models import Episode, Facility, Finding, Line


def _facility_account(user: Any) -> Any:
    try:
        return user.facility_account
    except Exception:
        return None


def facility_codes_of(user: Any) -> set[str] | None:
    account = _facility_account(user) if getattr(user, "pk", None) else None
    if account is not None:
        return {account.facility_code}
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_staff_role", False):
        return set()
    ids = visible_commune_ids(user)
    if ids is None:
        return None
    return set(Facility.objects.filter(commune_id__in=ids).values_list("code", flat=True))


def episodes_visible(user: Any) -> QuerySet[Episode]:
    codes = facility_codes_of(user)
    qs = Episode.objects.all()
    return qs if codes is None else qs.filter(facility_code__in=codes)


def findings_visible(user: Any) -> QuerySet[Finding]:
    codes = facility_codes_of(user)
    qs = Finding.objects.all()
    return qs if codes is None else qs.filter(episode__facility_code__in=codes)


def facilities_visible(user: Any) -> QuerySet[Facility]:
    codes = facility_codes_of(user)
    qs = Facility.objects.filter(valid_to__isnull=True)
    return qs if codes is None else qs.filter(code__in=codes)


@dataclass
class Money:
    episodes: int = 0
    lines: int = 0
    claimed: int = 0
    rejected: int = 0
    reduced: int = 0
    pending: int = 0
    flags: int = 0

    @property
    def accepted(self) -> int:
        return self.claimed - self.rejected - self.reduced


@dataclass
class EpisodeMoney:
    rejected: int = 0
    reduced: int = 0
    pending: int = 0
    line_rejected: dict[int, int] = field(default_factory=dict)
    line_reduced: dict[int, int] = field(default_factory=dict)


def _deducts(outcome: str, status: str) -> bool:
    return (outcome != "flag" and status == "auto") or status == "rejected"


def episode_amounts(findings: QuerySet[Finding], claimed: dict[int, int]) -> dict[int, EpisodeMoney]:
    """What the findings take from each episode: a rejection of the episode takes all of it; otherwise each line's
    rejection takes the line, reductions take at most the rest of the line, episode reductions come after."""
    rows = findings.values_list("episode_id", "line_id", "outcome", "status", "amount", "line__t_bhtt")
    by_episode: dict[int, list[tuple]] = defaultdict(list)
    for r in rows.iterator():
        by_episode[r[0]].append(r)
    out: dict[int, EpisodeMoney] = {}
    for ep, items in by_episode.items():
        m = EpisodeMoney()
        total = claimed.get(ep, 0)
        if any((line is None and outcome == "reject" and _deducts(outcome, status)) or
               (line is None and status == "rejected") for _, line, outcome, status, _a, _t in items):
            m.rejected = total
            out[ep] = m
            continue
        per_line: dict[int, list[tuple]] = defaultdict(list)
        episode_reduce = 0
        for _, line, outcome, status, amount, t_bhtt in items:
            if outcome == "flag" and status == "open":
                m.pending += amount
            if line is None:
                if outcome == "reduce":
                    episode_reduce += amount
                continue
            per_line[line].append((outcome, status, amount, t_bhtt))
        for line, fs in per_line.items():
            t_bhtt = fs[0][3] or 0
            if any(o == "reject" or s == "rejected" for o, s, _a, _t in fs if _deducts(o, s)):
                m.line_rejected[line] = t_bhtt
            else:
                red = min(t_bhtt, sum(a for o, s, a, _t in fs if o == "reduce"))
                if red:
                    m.line_reduced[line] = red
        m.rejected = min(total, sum(m.line_rejected.values()))
        m.reduced = min(total - m.rejected, sum(m.line_reduced.values()) + episode_reduce)
        out[ep] = m
    return out


def month_by_facility(user: Any, period: dt.date) -> dict[str, Money]:
    episodes = episodes_visible(user).filter(current=True, period=period)
    out: dict[str, Money] = defaultdict(Money)
    claimed = dict(episodes.values_list("pk", "t_bhtt").iterator())
    for code, n, amount in episodes.values("facility_code").annotate(n=Count("pk"), s=Sum("t_bhtt")).values_list(
            "facility_code", "n", "s"):
        m = out[code]
        m.episodes, m.claimed = n, amount or 0
    for code, lines in (Line.objects.filter(episode__in=episodes).values("episode__facility_code")
                        .annotate(n=Count("pk")).values_list("episode__facility_code", "n")):
        out[code].lines = lines
    code_of = dict(episodes.values_list("pk", "facility_code").iterator())
    findings = Finding.objects.filter(episode__in=episodes)
    for ep, em in episode_amounts(findings, claimed).items():
        m = out[code_of[ep]]
        m.rejected += em.rejected
        m.reduced += em.reduced
        m.pending += em.pending
    for code, n in findings.filter(status="open").values("episode__facility_code").annotate(n=Count("pk")).values_list(
            "episode__facility_code", "n"):
        out[code].flags = n
    return dict(sorted(out.items()))


def by_check(user: Any, period: dt.date) -> list[dict[str, Any]]:
    return list(findings_visible(user).filter(episode__current=True, episode__period=period)
                .values("check_code", "outcome").annotate(n=Count("pk"), amount=Sum("amount"))
                .order_by("check_code"))


def open_flags(user: Any) -> QuerySet[Finding]:
    return (findings_visible(user).filter(status=Finding.Status.OPEN, episode__current=True)
            .select_related("episode", "line").order_by("episode__period", "episode__facility_code", "episode__ma_lk",
                                                        "check_code"))


def in_period(qs: QuerySet[Any], period: dt.date) -> QuerySet[Any]:
    return qs.filter(Q(episode__period=period))


@dataclass
class ReportRow:
    period: dt.date
    facility_code: str
    group: str
    visit_type: str
    visits: int = 0
    people: int = 0
    claimed: int = 0
    rejected: int = 0
    reduced: int = 0

    @property
    def accepted(self) -> int:
        return self.claimed - self.rejected - self.reduced

    @property
    def taken(self) -> int:
        return self.rejected + self.reduced


@dataclass
class Report:
    rows: list[ReportRow]
    by_check: list[dict[str, Any]]
    people: int
    visits: int
    claimed: int
    accepted: int
    rejected: int
    reduced: int
    inpatient: int


def report(user: Any, first: dt.date, last: dt.date) -> Report:
    """Visits and the cost covered by month, facility, participant group (the card's first two letters) and visit
    type (MA_LOAI_KCB); the amounts taken by each check; the figures of the steering sentence. Current versions of
    the episodes of the months first..last (first days), in the user's scope."""
    episodes = episodes_visible(user).filter(current=True, period__gte=first, period__lte=last)
    keys: dict[int, tuple] = {}
    claimed: dict[int, int] = {}
    cards: dict[tuple, set[str]] = defaultdict(set)
    rows: dict[tuple, ReportRow] = {}
    all_cards: set[str] = set()
    inpatient = 0
    for pk, period, code, card, visit, t_bhtt in episodes.values_list(
            "pk", "period", "facility_code", "card_number", "visit_type", "t_bhtt").iterator():
        key = (period, code, card[:2], visit)
        keys[pk] = key
        claimed[pk] = t_bhtt
        r = rows.get(key) or rows.setdefault(key, ReportRow(*key))
        r.visits += 1
        r.claimed += t_bhtt
        cards[key].add(card)
        all_cards.add(card)
        inpatient += visit in ("03", "04", "06")
    for ep, em in episode_amounts(Finding.objects.filter(episode__in=episodes), claimed).items():
        r = rows[keys[ep]]
        r.rejected += em.rejected
        r.reduced += em.reduced
    for key, r in rows.items():
        r.people = len(cards[key])
    checks = list(Finding.objects.filter(episode__in=episodes)
                  .filter(Q(status="auto", outcome__in=["reject", "reduce"]) | Q(status="rejected"))
                  .values("check_code").annotate(n=Count("pk"), amount=Sum("amount")).order_by("-amount"))
    out = sorted(rows.values(), key=lambda r: (r.period, r.facility_code, r.group, r.visit_type))
    return Report(out, checks, len(all_cards), sum(r.visits for r in out), sum(r.claimed for r in out),
                  sum(r.accepted for r in out), sum(r.rejected for r in out), sum(r.reduced for r in out), inpatient)
