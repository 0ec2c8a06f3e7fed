"""Advances and settlement against hand calculations, posted to the ledger once; budgets versioned with the
warning; cost warnings; the pages of each."""

from __future__ import annotations

import pytest

from ansinh.accounts.models import Role
from ansinh.contributions.models import LedgerEntry, LedgerTxn
from ansinh.core.testing import factories as f
from ansinh.healthcare import control
from ansinh.healthcare.models import Budget, Finding, Settlement
from ansinh.healthcare.tests.conftest import receive, sample_bytes
from ansinh.rules.periods import Month


@pytest.fixture
def officer(facility):
    u = f.UserFactory(username="hi", role=Role.HI_OFFICER)
    u.units.set([facility.province])
    return u


def _rejected_line(raw):
    raw[0].xml2[0]["MA_THUOC"] = "40.999"  # P01: 24,000 rejected


@pytest.mark.django_db
def test_settlement_then_next_quarters_advance(officer):
    receive(sample_bytes(_rejected_line))
    [row] = control.quarter_rows(officer, 2025, 2)
    # claimed 322,496 + 266,000 = 588,496; the not-listed drug's 24,000 rejected; no advance (nothing in Q1)
    assert (row.claimed, row.rejected, row.reduced, row.accepted, row.advance, row.balance) == (
        588_496, 24_000, 0, 564_496, 0, 564_496)
    assert control.settle_quarter(actor=officer, year=2025, quarter=2, codes=None) == 1
    assert control.settle_quarter(actor=officer, year=2025, quarter=2, codes=None) == 0  # once
    s = Settlement.objects.get(year=2025, quarter=2)
    assert (s.claimed, s.accepted, s.rejected, s.balance) == (588_496, 564_496, 24_000, 564_496)
    # Q3 2025: 90 % of Q2's settled 564,496 = 508,046.4 → 508,046 (HI Law Art 32.1 as amended)
    [q3] = control.quarter_rows(officer, 2025, 3)
    assert (q3.basis, q3.advance) == (564_496, 508_046)
    assert control.advances_post(actor=officer, year=2025, quarter=3, codes=None) == 1
    assert control.advances_post(actor=officer, year=2025, quarter=3, codes=None) == 0
    txn = LedgerTxn.objects.get(kind="hi_advance")
    assert sorted(LedgerEntry.objects.filter(txn=txn).values_list("account", "amount")) == [
        ("cash", -508_046), ("hi_advances", 508_046)]
    settle = LedgerTxn.objects.get(kind="hi_settle")
    assert sum(LedgerEntry.objects.filter(txn=settle).values_list("amount", flat=True)) == 0


@pytest.mark.django_db
def test_open_flags_hold_the_settlement(officer):
    def flagged(raw):
        raw[0].xml1["SO_NGAY_DTRI"] = "3"

    receive(sample_bytes(flagged))
    assert control.settle_quarter(actor=officer, year=2025, quarter=2, codes=None) == 0
    Finding.objects.filter(status="open").update(status="accepted", reason="ok")
    assert control.settle_quarter(actor=officer, year=2025, quarter=2, codes=None) == 1


@pytest.mark.django_db
def test_budget_versions_and_warning(officer):
    receive(sample_bytes())
    control.budget_set(actor=officer, facility_code="99001", year=2025, amount=1_000_000)
    control.budget_set(actor=officer, facility_code="99001", year=2025, amount=1_200_000, reason="revised")
    assert list(Budget.objects.values_list("version", "amount")) == [(1, 1_000_000), (2, 1_200_000)]
    [row] = control.budget_rows(officer, Month(2025, 5))
    # 588,496 of 1,200,000 = 49 % used after 5 of 12 months (42 %): ahead of the budget
    assert (row.budget, row.spent, row.warning) == (1_200_000, 588_496, True)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_pages(client, officer, settings, lang):
    receive(sample_bytes(_rejected_line))
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    for url in ("/healthcare/settlement/?year=2025&quarter=2", "/healthcare/warnings/?month=2025-05",
                "/healthcare/checks/", "/healthcare/queue/", "/healthcare/?month=2025-05", "/healthcare/upload/"):
        r = client.get(url)
        assert r.status_code == 200, url
    html = client.get("/healthcare/settlement/?year=2025&quarter=2").content.decode()
    assert ("564.496" if lang == "vi" else "564,496") in html
    assert client.get("/healthcare/settlement/?year=2025&quarter=7").status_code == 404
    assert client.get("/healthcare/?month=May").status_code == 422
    r = client.post("/healthcare/settlement/post/", {"year": 2025, "quarter": 2, "action": "settle"})
    assert r.status_code == 302 and Settlement.objects.filter(settled_at__isnull=False).count() == 1
