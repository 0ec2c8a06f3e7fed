"""The monthly summaries reproduce hand-counted figures (see conftest.py), roll old communes up into today's units,
and are rebuilt only when a month's data change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ansinh.analytics import statistics
from ansinh.coverage.models import Participation
from ansinh.reports import selectors
from ansinh.reports.models import MonthlySummary
from ansinh.rules.periods import Month

MAY, APR, MAY19 = Month(2020, 5), Month(2020, 4), Month(2019, 5)


def _build(*months):
    statistics.refresh(months, only_dirty=False)


def _row(kind, unit, scheme, period=MAY, group=""):
    return MonthlySummary.objects.get(period=period.first_day, unit_kind=kind, unit_id=unit.pk, scheme=scheme,
                                      group=group)


def test_participants_rolled_up_into_todays_units(small_province):
    d = small_province
    _build(MAY19, APR, MAY)
    assert _row("commune", d["a"], "vsi").participants == 20  # 10 + 4 + 3 (X) + 3 of S's 5
    assert _row("commune", d["b"], "vsi").participants == 2  # the other 2 of S
    assert _row("province", d["p"], "vsi").participants == 22
    assert _row("office", d["local"], "vsi").participants == 22
    assert _row("office", d["region"], "vsi").participants == 22
    assert _row("commune", d["a"], "vsi", APR).participants == 18
    assert _row("province", d["p"], "vsi", MAY19).participants == 17
    # old units as recorded; the unmapped commune stays there
    assert _row("old_commune", d["s"], "vsi").participants == 5
    assert _row("old_district", d["d"], "vsi").participants == 9
    assert _row("old_commune", d["u"], "vsi").participants == 1
    # S's parts rest on assumed (equal) shares
    assert _row("commune", d["a"], "vsi").assumed == 3
    assert _row("province", d["p"], "vsi").assumed == 5


def test_new_leavers_cards_money(small_province):
    d = small_province
    _build(APR, MAY)
    a = _row("commune", d["a"], "vsi")
    assert (a.new, a.leavers) == (4, 2)
    hi = _row("commune", d["b"], "hi")
    assert (hi.participants, hi.new, hi.cards_issued) == (401, 1, 1)
    assert _row("commune", d["b"], "hi", group="HG").participants == 401
    si = _row("commune", d["a"], "si")
    assert (si.collection, si.debt) == (600_000, 400_000)
    assert _row("commune", d["a"], "si", APR).debt == 1_000_000
    assert _row("commune", d["b"], "vsi").collection == 330_000
    assert _row("province", d["p"], "si").debt == 400_000


def test_interest_owed_apart_from_principal(small_province):
    """Late-payment interest owed at the end of the month: positive balances per holder and scheme, attributed to
    the holder's commune and rolled up like debt (hand-counted in conftest.py)."""
    d = small_province
    _build(APR, MAY)

    def owed(kind, unit, scheme, period=MAY):
        row = _row(kind, unit, scheme, period)
        return row.debt, row.debt_interest

    assert owed("commune", d["a"], "si") == (400_000, 17_999)  # principal stays principal only
    assert owed("commune", d["a"], "hi") == (0, 3_501)  # ES's 7,001 cut by S's equal shares, the odd đồng to A
    assert owed("commune", d["b"], "hi") == (0, 3_500)  # E2's credit of 5,000 offsets nobody else's interest
    assert owed("commune", d["b"], "hi", APR) == (0, 4_000)  # owed at the end of April, paid (and more) in May
    assert owed("commune", d["a"], "si", APR) == (1_000_000, 0)
    for kind, unit in (("province", d["p"]), ("office", d["local"]), ("office", d["region"])):
        assert owed(kind, unit, "si") == (400_000, 17_999)
        assert owed(kind, unit, "hi") == (0, 7_001)
        assert owed(kind, unit, "hi", APR) == (0, 4_000)
    # old units as recorded
    assert owed("old_commune", d["s"], "hi") == (0, 7_001)
    assert owed("old_district", d["d"], "hi") == (0, 7_001)
    # interest paid is not collection; only whole-scheme rows carry money
    assert _row("commune", d["b"], "hi").collection == 0
    assert not MonthlySummary.objects.exclude(group="").exclude(debt_interest=0).exists()
    # the figures: principal, interest and the debt as reported
    fig = selectors.figures([selectors.unit_ref("province", d["p"].pk)], MAY)[0]
    assert (fig.debt, fig.debt_interest, fig.debt_total) == (400_000, 25_000, 425_000)
    assert (fig.schemes["si"].debt_total, fig.schemes["hi"].debt_total) == (417_999, 7_001)
    assert [(m.month, d_, i) for m, _p, _c, d_, i in selectors.trend(fig.unit, APR, MAY)["hi"]] == [
        (4, 0, 4_000), (5, 0, 7_001)]


def test_interest_makes_its_months_dirty(small_province):
    d = small_province
    _build(APR, MAY)
    from django.utils import timezone

    from ansinh.contributions.models import LedgerEntry, LedgerTxn

    txn = LedgerTxn.objects.create(kind="interest", reference="interest:late", period=MAY.first_day,
                                   effective_date=MAY.last_day, posted_at=timezone.now())
    LedgerEntry.objects.create(txn=txn, account="interest_receivable", fund="rs", holder_type="employer",
                               holder_id=d["employer"].pk, for_period=APR.first_day, period=MAY.first_day,
                               effective_date=MAY.last_day, amount=1)
    assert statistics.dirty_months([APR, MAY]) == [MAY]
    statistics.refresh([APR, MAY])
    assert _row("commune", d["a"], "si").debt_interest == 18_000


def test_summaries_of_an_earlier_version_are_dirty(small_province, monkeypatch):
    """Months built before the interest measure existed are rebuilt by the next refresh."""
    _build(APR, MAY)
    monkeypatch.setattr(statistics, "STATS_VERSION", statistics.STATS_VERSION - 1)
    assert statistics.dirty_months([APR, MAY]) == [APR, MAY]


def test_derived_figures_as_published(small_province):
    d = small_province
    _build(MAY19, APR, MAY)
    province = selectors.unit_ref("province", d["p"].pk)
    fig = selectors.figures([province], MAY)[0]
    vsi = fig.schemes["vsi"]
    assert (vsi.participants, vsi.previous, vsi.last_year) == (22, 20, 17)
    assert (vsi.month_change.diff, vsi.month_change.pct) == (2, Decimal("10.0"))
    assert (vsi.year_change.diff, vsi.year_change.pct) == (5, Decimal("29.4"))
    hi = fig.schemes["hi"]
    assert (hi.month_change.diff, hi.month_change.pct) == (1, Decimal("0.3"))  # 1/400 = 0.25 % → 0.3 (half up)
    commune_b = selectors.figures([selectors.unit_ref("commune", d["b"].pk)], MAY)[0]
    assert commune_b.population == 1604
    assert commune_b.coverage == Decimal("25.0")
    assert fig.population == 2604  # the province has no row of its own: the sum of its communes
    assert fig.collection_ytd == 930_000
    # debt as reported: principal + interest, its share of the plan computed on the total (in test_views, with a plan)
    assert (fig.debt, fig.debt_interest, fig.debt_total) == (400_000, 25_000, 425_000)


def test_month_rebuilt_only_when_its_data_change(small_province):
    d = small_province
    months = [APR, MAY]
    assert statistics.dirty_months(months) == months
    _build(*months)
    assert statistics.dirty_months(months) == []
    # a person leaves at the end of May: May and June change, April does not
    row = Participation.objects.filter(person__address_commune=d["a"], valid_to__isnull=True).first()
    Participation.objects.filter(pk=row.pk).update(valid_to=dt.date(2020, 5, 31))
    assert statistics.dirty_months(months) == [MAY]
    built = statistics.refresh(months)
    assert [r.period for r in built] == ["2020-05"]
    assert statistics.dirty_months(months) == []
    # a payment posted in April changes the debt of April and of every month after
    from django.utils import timezone

    from ansinh.contributions.models import LedgerEntry, LedgerTxn

    txn = LedgerTxn.objects.create(kind="payment", reference="late", period=APR.first_day,
                                   effective_date=APR.first_day, posted_at=timezone.now())
    LedgerEntry.objects.create(txn=txn, account="receivable", fund="rs", holder_type="employer",
                               holder_id=d["employer"].pk, for_period=APR.first_day, period=APR.first_day,
                               effective_date=APR.first_day, amount=-100_000)
    assert statistics.dirty_months(months) == months
    statistics.refresh(months)
    assert _row("commune", d["a"], "si").debt == 300_000


def test_refresh_command(small_province, capsys):
    from django.core.management import call_command

    call_command("refresh_statistics", period="2020-05")
    assert "2020-05:" in capsys.readouterr().out
    call_command("refresh_statistics", "--from", "2020-04", "--to", "2020-05", "--check")
    assert "1 of 2 months dirty: 2020-04" in capsys.readouterr().out
