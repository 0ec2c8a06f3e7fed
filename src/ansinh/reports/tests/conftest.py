"""A small province with hand-countable figures.

Today's province P (communes A and B, served by local office L under regional office R) and, until 2025, old
province OP with district D holding old communes X (went wholly into A) and S (split between A and B, no stored
shares: equal shares, assumed) and U (unmapped).

Voluntary SI (scheme vsi), reading months 2019-05, 2020-04, 2020-05:
- A: 10 persons from 2019-01 (open); 4 from 2020-05 (new in May 2020); 2 from 2019-01 to 2020-04 (leave in May)
- X: 3 persons from 2020-01;  S: 5 persons from 2019-05;  U: 1 person from 2019-01
→ May 2020: A = 10 + 4 + 3 (X) + 3 (S: 5 cut 3/2, the tie to the lower id) = 20, B = 2, P = 22
  April 2020: A = 12 + 3 + 3 = 18, B = 2, P = 20;  May 2019: A = 12 + 0 + 3 = 15, B = 2, P = 17
  P: +2 (10.0 %) on April, +5 (29.4 %: 5/17 = 29.41) on May 2019; D (old district) May 2020: 3 + 5 + 1 = 9
Health insurance (hi, group HG): 400 persons in B from 2019-01, one more from 2020-05 → +1 (0.3 %: 0.25 half up)
Population 2020: A 1,000, B 1,604 (own rows) → coverage B 401 / 1,604 = 25.0 %.
Ledger (employer E in A): assessed 2020-04 SI 1,000,000, paid 600,000 in 2020-05 → collection May 600,000,
debt end of May 400,000 (si); agent receipt in May for a person in B, vsi 330,000.
Late-payment interest (account interest_receivable, posted the way arrears.accrue_interest posts it), owed at the
end of May, positive balances per holder and scheme, attributed like debt:
- E (in A) accrued 17,999 (si) in May;
- employer ES in the old split commune S accrued 7,001 (hi) in May: cut 3,501 to A (the lower id) + 3,500 to B;
- employer E2 (in B) accrued 4,000 (hi) in April and paid 9,000 against it in May: owed 4,000 at the end of April,
  −5,000 at the end of May — a credit, counted as nothing and offsetting nobody else's interest.
→ May: A interest 17,999 (si) + 3,501 (hi) = 21,500, B 3,500 (hi; not 0 as −1,500 would give), P 25,000;
  debt reported for P = 400,000 + 25,000 = 425,000 = 4.25 % of a 10,000,000 revenue plan → 4.3 % (half up; half
  to even would say 4.2). April: B 4,000 (hi), P 4,000. Interest paid is not collection (the receivable only).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ansinh.contributions.models import LedgerEntry, LedgerTxn
from ansinh.core.testing import factories as f
from ansinh.coverage.models import HICard, Participation
from ansinh.places.models import AdminUnit, Level, Office, Population
from ansinh.registry.models import Person


def _persons(n: int, commune: AdminUnit, prefix: str) -> list[Person]:
    rows = [Person(full_name=f"Người {prefix} {i}", name_search=f"nguoi {prefix.lower()} {i}",
                   birth_date=dt.date(1980, 1, 1), birth_year=1980, sex="M", address_commune=commune,
                   si_code=None, citizen_id=None, phone="0912000000") for i in range(n)]
    return Person.objects.bulk_create(rows)


def _join(persons: list[Person], scheme: str, start: dt.date, end: dt.date | None = None, group: str = "",
          payer: str = "self") -> None:
    Participation.objects.bulk_create([Participation(person=p, scheme=scheme, hi_group=group, payer=payer,
                                                     valid_from=start, valid_to=end, source="manual")
                                       for p in persons])


@pytest.fixture
def small_province(db):
    return make_small_province()


@pytest.fixture
def small_province_live(transactional_db):
    return make_small_province()


def make_small_province() -> dict:
    p = f.ProvinceFactory(code="20", name="Tỉnh Lạng Sơn")
    a = f.CommuneFactory(parent=p, name="Phường Lương Văn Tri", code="06001")
    b = f.CommuneFactory(parent=p, name="Xã Cao Lộc", code="06002")
    op = f.ProvinceFactory(code="20", name="Tỉnh Lạng Sơn (cũ)", valid_from=f.OLD_FROM, valid_to=f.OLD_TO)
    d = AdminUnit.objects.create(level=Level.DISTRICT, code="178", name="Thành phố Lạng Sơn", name_search="tp ls",
                                 division_type="thành phố", parent=op, province=op, valid_from=f.OLD_FROM,
                                 valid_to=f.OLD_TO)
    old = {"valid_from": f.OLD_FROM, "valid_to": f.OLD_TO, "parent": d, "province": op}
    x = f.CommuneFactory(name="Phường Chi Lăng", code="06100", **old)
    s = f.CommuneFactory(name="Xã Mai Pha", code="06101", **old)
    u = f.CommuneFactory(name="Xã Không Rõ", code="06102", **old)
    f.map_old_to_new(x, a)
    f.map_old_to_new(s, a)
    f.map_old_to_new(s, b)
    region = f.OfficeFactory(province=p, code="KV-20", name="BHXH khu vực Lạng Sơn", kind=Office.Kind.REGIONAL)
    local = f.OfficeFactory(province=p, code="CS-20-178", name="BHXH cơ sở Lạng Sơn", parent=region)
    f.serve(local, a, b)
    Population.objects.bulk_create([Population(unit=a, year=2020, total=1000, source="test"),
                                    Population(unit=b, year=2020, total=1604, source="test")])
    y2019, apr, may = dt.date(2019, 1, 1), dt.date(2020, 4, 30), dt.date(2020, 5, 1)
    _join(_persons(10, a, "A"), "vsi", y2019)
    _join(_persons(4, a, "Anew"), "vsi", may)
    _join(_persons(2, a, "Aleft"), "vsi", y2019, apr)
    _join(_persons(3, x, "X"), "vsi", dt.date(2020, 1, 1))
    _join(_persons(5, s, "S"), "vsi", dt.date(2019, 5, 1))
    _join(_persons(1, u, "U"), "vsi", y2019)
    _join(_persons(400, b, "B"), "hi", y2019, group="HG", payer="household")
    late = _persons(1, b, "Bnew")
    _join(late, "hi", may, group="HG", payer="household")
    HICard.objects.create(person=late[0], number="HG4200000000001", group="HG", benefit_level=4, province_code="20",
                          valid_from=may, valid_to=dt.date(2020, 12, 31),
                          issued_at=dt.datetime(2020, 5, 3, 9, 0, tzinfo=timezone.get_current_timezone()))
    employer = f.EmployerFactory(address_commune=a)
    officer = f.UserFactory(username="officer_a")
    officer.units.set([a])
    province_officer = f.UserFactory(username="officer_p")
    province_officer.offices.set([region])
    apr_first = dt.date(2020, 4, 1)

    def post(kind, ref, period, entries):
        txn = LedgerTxn.objects.create(kind=kind, reference=ref, period=period, effective_date=period,
                                       posted_at=timezone.now())
        LedgerEntry.objects.bulk_create([LedgerEntry(txn=txn, account=acc, fund=fund, holder_type=ht, holder_id=hid,
                                                     for_period=apr_first, period=period, effective_date=period,
                                                     amount=amt) for acc, fund, ht, hid, amt in entries])

    post("assessment", "a1", apr_first, [("receivable", "rs", "employer", employer.pk, 1_000_000),
                                         ("revenue", "rs", "employer", employer.pk, -1_000_000)])
    post("payment", "p1", may, [("cash", "rs", "agency", 1, 600_000),
                                ("receivable", "rs", "employer", employer.pk, -600_000)])
    receipt_person = Person.objects.filter(address_commune=b).first()
    post("receipt", "r1", may, [("agent_cash", "rs", "agent", 1, 330_000),
                                ("revenue", "rs", "person", receipt_person.pk, -330_000)])
    # late-payment interest: accrued by E and ES in May; accrued by E2 in April and overpaid in May
    late_payer = f.EmployerFactory(address_commune=b)
    split_payer = f.EmployerFactory(address_commune=s)
    post("interest", f"interest:{employer.pk}:2020-05", may, [
        ("interest_receivable", "rs", "employer", employer.pk, 17_999),
        ("interest_revenue", "rs", "employer", employer.pk, -17_999)])
    post("interest", f"interest:{split_payer.pk}:2020-05", may, [
        ("interest_receivable", "hi", "employer", split_payer.pk, 7_001),
        ("interest_revenue", "hi", "employer", split_payer.pk, -7_001)])
    post("interest", f"interest:{late_payer.pk}:2020-04", apr_first, [
        ("interest_receivable", "hi", "employer", late_payer.pk, 4_000),
        ("interest_revenue", "hi", "employer", late_payer.pk, -4_000)])
    post("payment", "p2", may, [("cash", "hi", "agency", 1, 9_000),
                                ("interest_receivable", "hi", "employer", late_payer.pk, -9_000)])
    return {"p": p, "a": a, "b": b, "op": op, "d": d, "x": x, "s": s, "u": u, "region": region, "local": local,
            "employer": employer, "late_payer": late_payer, "officer": officer,
            "province_officer": province_officer}
