"""The on-time report against a hand count: a worked example counted by hand, and generated dossiers counted one
by one from their dates."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from ansinh.procedures import selectors
from ansinh.procedures.models import Dossier
from ansinh.procedures.services import dossiers as s
from ansinh.procedures.views_report import steering_paragraph

pytestmark = pytest.mark.django_db
DOCS = ["TK1-TS", "proof", "si-book"]


def at(day: dt.date, h: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(h, 0)))


def moved(i: int) -> dict:
    return {"changes": {"address_line": f"{i} Lê Lợi"}, "reason": "chuyển nơi ở"}


def test_worked_example(desk):
    clerk, h = desk["clerk"], desk["collection"]
    p = desk["person"]
    # A: received Mon 02/03/2026, due Mon 09/03 (5 w.d.), decided Thu 05/03 → on time
    a = s.dossier_receive(actor=clerk, procedure_code="change-info", channel="desk", person=p, documents=DOCS,
                          received_at=at(dt.date(2026, 3, 2)), request=moved(1))
    assert a.due_on == dt.date(2026, 3, 9)
    s.dossier_hand_over(actor=clerk, dossier=a, at=at(dt.date(2026, 3, 2), 11))
    s.dossier_decide(actor=h, dossier=a, outcome="granted", at=at(dt.date(2026, 3, 5), 15))
    # B: online, received Tue 03/03, due Tue 10/03; apology on Mon 09/03 to 13/03, decided Thu 12/03 → late
    b = s.dossier_receive(actor=clerk, procedure_code="change-info", channel="online", person=p, documents=DOCS,
                          received_at=at(dt.date(2026, 3, 3)), request=moved(2))
    s.dossier_hand_over(actor=clerk, dossier=b, at=at(dt.date(2026, 3, 3), 11))
    s.dossier_apologise(actor=h, dossier=b, reason="chờ xác minh", new_due_on=dt.date(2026, 3, 13),
                        at=at(dt.date(2026, 3, 9), 10))
    s.dossier_decide(actor=h, dossier=b, outcome="granted", at=at(dt.date(2026, 3, 12), 15))
    # C: received Wed 04/03, due Wed 11/03, still in processing on 20/03 → open and overdue
    c = s.dossier_receive(actor=clerk, procedure_code="change-info", channel="post", person=p, documents=DOCS,
                          postal_receipt="RR1", postal_date=dt.date(2026, 3, 2), received_at=at(dt.date(2026, 3, 4)))
    s.dossier_hand_over(actor=clerk, dossier=c, at=at(dt.date(2026, 3, 4), 11))
    # D: refused at the desk → not counted as received
    s.dossier_receive(actor=clerk, procedure_code="change-info", channel="desk", person=p, documents=DOCS,
                      refusal_reason="không thuộc thẩm quyền", received_at=at(dt.date(2026, 3, 5)))
    rep = selectors.report(user=desk["u1"], first=dt.date(2026, 3, 1), last=dt.date(2026, 3, 31),
                           today=dt.date(2026, 3, 20))
    t = rep.total
    assert (t.received, t.online, t.resolved, t.on_time, t.late, t.late_with_apology, t.open, t.overdue) == \
        (3, 1, 2, 1, 1, 1, 1, 1)
    # handling time in working days after the receipt: A 3 (3, 4, 5/3), B 7 (4–6, 9–12/3); limits 5 + 5
    assert (t.days_sum, t.limit_sum) == (10, 10)
    assert [r.key for r in rep.by["channel"]] == ["desk", "online", "post"]
    assert rep.by["month"][0].key == "2026-03" and rep.by["month"][0].received == 3
    text = steering_paragraph(t, rep.first, rep.last, "vi")
    assert "tiếp nhận 3 hồ sơ, trong đó 1 hồ sơ điện tử" in text
    assert "giải quyết đúng hạn 50,0\u00a0%" in text
    assert rep.by["office"][0].key == desk["o1"].name
    # another province's officer sees none of it
    assert selectors.report(user=desk["u2"], first=dt.date(2026, 3, 1), last=dt.date(2026, 3, 31)).total.received == 0


def test_generated_dossiers_match_a_hand_count(desk):
    rng = random.Random(7)
    clerk, h = desk["clerk"], desk["collection"]
    start = dt.date(2026, 1, 5)
    for i in range(40):
        day = start + dt.timedelta(days=rng.randint(0, 80))
        code = rng.choice(["change-info", "hi-card-issue"])
        d = s.dossier_receive(actor=clerk, procedure_code=code,
                              channel=rng.choice(["desk", "online", "post"]), person=desk["person"],
                              documents=DOCS if code == "change-info" else ["TK1-TS", "id"],
                              postal_receipt="RR", postal_date=day, received_at=at(day),
                              request=moved(i) if code == "change-info" else {})
        if rng.random() < 0.2:
            continue
        s.dossier_hand_over(actor=clerk, dossier=d, at=at(day, 10))
        if rng.random() < 0.2:
            continue
        # a card cannot be issued without paid coverage: those are refused (a decision all the same)
        s.dossier_decide(actor=h, dossier=d, outcome="granted" if code == "change-info" else "refused",
                         note="" if code == "change-info" else "chưa đóng BHYT",
                         at=at(day + dt.timedelta(days=rng.randint(1, 12)), 16))
    today = dt.date(2026, 4, 30)
    rep = selectors.report(user=desk["u1"], first=dt.date(2026, 1, 1), last=dt.date(2026, 3, 31), today=today)
    rows = list(Dossier.objects.all())
    decided = [d for d in rows if d.decided_at]
    on_time = [d for d in decided if timezone.localtime(d.decided_at).date() <= d.due_on]
    assert rep.total.received == len(rows) == 40
    assert rep.total.resolved == len(decided)
    assert rep.total.on_time == len(on_time)
    assert rep.total.late == len(decided) - len(on_time)
    assert rep.total.open == rep.total.overdue == len(rows) - len(decided)  # all past due by 30/04
    assert rep.total.online == sum(1 for d in rows if d.channel == "online")
    for r in rep.by["procedure"]:
        mine = [d for d in decided if d.procedure_code == r.key]
        assert r.on_time == sum(1 for d in mine if timezone.localtime(d.decided_at).date() <= d.due_on)
    assert sum(r.received for r in rep.by["month"]) == 40
