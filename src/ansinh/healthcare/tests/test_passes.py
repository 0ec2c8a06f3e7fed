"""The checks run in passes (checks reading the same rows in one statement) give exactly the rows of the checks
run one by one: on a generated month with every kind of error planted, with an item approved at a lower price on
the order day (P02) and with none approved (P01)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import connection

from ansinh.core.testing import factories as f
from ansinh.healthcare import checks
from ansinh.healthcare.models import CatalogueItem, Episode, Line
from ansinh.healthcare.simulate import claims_generate
from ansinh.rules.periods import Month

M = Month(2025, 9)
SEL = f"e.current AND e.period = '{M.first_day.isoformat()}'"


def rows(statements: list[tuple[str, str]]) -> Counter:
    out: Counter = Counter()
    with connection.cursor() as cur:
        for _, select in statements:
            cur.execute(checks.render(select, tables=checks.DJANGO_TABLES, sel=SEL, idiv="/"))
            out.update(tuple(r) for r in cur.fetchall())
    return out


def test_every_check_once_and_the_plain_line_checks_in_one_pass():
    singles = checks.single_statements(M.first_day)
    run = checks.statements(M.first_day)
    labels = [code for label, _ in run for code in label.split("+")]
    assert sorted(labels) == sorted(code for code, _ in singles)
    assert len(run) < len(singles)
    assert "F05+T05" in dict(run)
    line_pass = next(label for label, _ in run if "C02" in label.split("+"))
    assert {"C02", "F01", "F03", "T02", "T06", "P01", "P02", "P05", "B01"} <= set(line_pass.split("+"))
    # a combined statement needs all its checks in force: without T05, F05 runs alone as written
    without = [(c, s) for c, s in singles if c != "T05"]
    assert dict(checks.passes(without, checks.COMBINED))["F05"] == dict(singles)["F05"]


@pytest.mark.django_db
def test_passes_find_what_the_checks_one_by_one_find():
    p = f.ProvinceFactory(code="20", name="Tỉnh Lạng Sơn")
    for _ in range(3):
        f.CommuneFactory(parent=p)
    planted = claims_generate(province_code="20", month=M, cards=1500, seed=11, errors_per_kind=2, assess=False)
    assert {x.check for x in planted} >= {"C01", "C02", "F01", "F03", "F05", "P01", "P02", "T05", "T06", "R02"}
    singles = checks.single_statements(M.first_day)
    alone = rows(singles)
    assert {r[2] for r in alone} >= {x.check for x in planted}
    assert rows(checks.statements(M.first_day)) == alone
    # a month's statements (V02 from the duplicated keys of the month's order times) find the same rows
    month = dict(checks.statements(M.first_day, month=True)).values()
    assert checks.V02_MONTH in month and checks.V04_MONTH in month
    assert rows(checks.statements(M.first_day, month=True)) == alone
    # SQLite's shape (the episodes' checks with subqueries in the episodes' pass) finds the same rows, on either
    # database
    probing = checks.statements(M.first_day, month=True, probes=True)
    episodes = next(label for label, _ in probing if "C01" in label.split("+")).split("+")
    assert {"C05", "C06", "R03", "V03", "V05", "R06"} <= set(episodes) and "V04" not in episodes  # V04's own, apart
    assert rows(probing) == alone
    assert rows(checks.statements(M.first_day, probes=True)) == alone

    # the item approved for the order day at a price below the line's: P02, once
    line = Line.objects.filter(episode__current=True, scope=1, amount_bh__gt=0).order_by("pk").first()
    ep = Episode.objects.get(pk=line.episode_id)
    day = dt.date(1970, 1, 1) + dt.timedelta(days=line.ordered_day)
    approved = CatalogueItem.objects.filter(facility_code=ep.facility_code, code=line.code, from_day__lte=line.ordered_day,
                                            to_day__gte=line.ordered_day)
    assert approved.count() == 1, day
    approved.update(price_milli=line.price_milli - 1000)
    alone = rows(singles)
    assert [r[2] for r in alone if r[1] == line.pk and r[2] in ("P01", "P02")] == ["P02"]
    assert rows(checks.statements(M.first_day)) == alone
    # and none approved: P01 (the fund pays the line), once
    CatalogueItem.objects.filter(facility_code=ep.facility_code, code=line.code).delete()
    alone = rows(singles)
    assert [r[2] for r in alone if r[1] == line.pk and r[2] in ("P01", "P02")] == ["P01"]
    assert rows(checks.statements(M.first_day)) == alone
    # an episode left without lines: its totals against sums of nothing (F05, once), by either statement
    Line.objects.filter(episode=ep).delete()
    alone = rows(singles)
    assert [r[2] for r in alone if r[0] == ep.pk and r[2] in ("F05", "T05")] == ["F05"]
    assert rows(checks.statements(M.first_day)) == alone
    assert rows(checks.statements(M.first_day, month=True)) == alone
    assert rows(checks.statements(M.first_day, month=True, probes=True)) == alone
