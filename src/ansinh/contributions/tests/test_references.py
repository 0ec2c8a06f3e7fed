"""Payment references: format and check digit, issue from the calculators, settle by bank (posted, participations
opened) or at an agent (marked only), refusals (amount, expiry, paid), and the bank statement import matching a line
by the reference in its text — set-based, idempotent, a wrong amount left in the queue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Sum

from ansinh.accounts.models import AuditEvent
from ansinh.contributions.imports.bank_statement import MB
from ansinh.contributions.models import Account, BankStatementLine, HolderType, LedgerTxn, PaymentReference
from ansinh.contributions.services import payments
from ansinh.contributions.services import references as refs
from ansinh.contributions.tests.test_payments import mb_csv
from ansinh.core.errors import Conflict, InvalidInput
from ansinh.core.testing import factories as f
from ansinh.coverage.models import Participation
from ansinh.rules.contributions import household_hi, voluntary
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db

M = Month(2026, 4)
TODAY = dt.date(2026, 3, 20)


def test_code_format_and_check_digit():
    for _ in range(50):
        code = refs.new_code()
        assert len(code) == 12 and code.startswith("AS") and refs.normalise(code) == code
        assert refs.normalise(refs.grouped(code).lower()) == code
        wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
        assert refs.normalise(wrong) is None
        if code[5] != code[6] and {code[5], code[6]} != {"0", "9"}:  # two neighbours swapped (Luhn misses 09/90)
            assert refs.normalise(code[:5] + code[6] + code[5] + code[7:]) is None
    assert refs.luhn_digit("7992739871") == "3"  # the textbook example
    assert refs.normalise("AS12") is None and refs.normalise("XY1234567890") is None


def _vsi(two_provinces, **kw):
    person = f.PersonFactory(address_commune=two_provinces["a1"])
    args = {"income": 3_000_000, "mode": "quarterly"} | kw
    return refs.payment_reference_issue(actor=two_provinces["u1"], purpose="vsi", person=person, from_month=M,
                                        today=TODAY, **args)


def test_issue_uses_the_calculator_and_is_audited(two_provinces):
    ref = _vsi(two_provinces)
    expected = voluntary.calculate(voluntary.VoluntaryInput(income=3_000_000, month=M, mode="3_months", months=3))
    assert (ref.amount, ref.state_support, ref.months) == (expected.payable, expected.state_support, 3)
    assert ref.gross == ref.amount + ref.state_support and ref.valid_until == dt.date(2026, 4, 4)
    assert ref.account_no and ref.bank_bin and ref.status == "open"
    assert AuditEvent.objects.filter(object_type="contributions.paymentreference", object_id=str(ref.pk)).exists()
    assert str(ref.amount) in refs.qr_text(ref) and "<svg" in refs.qr_svg(ref)
    with pytest.raises(InvalidInput) as exc:
        _vsi(two_provinces, income=100)  # below the floor
    assert exc.value.field == "income"


def test_household_reference_by_member_rank(two_provinces):
    household = f.HouseholdFactory(commune=two_provinces["a1"])
    second = f.PersonFactory(address_commune=two_provinces["a1"])
    household.members.create(person=second, relationship="spouse", valid_from=dt.date(2020, 1, 1))
    ref = refs.payment_reference_issue(actor=two_provinces["u1"], purpose="hi_household", person=household.head,
                                       household=household, members=[household.head_id, second.pk], from_month=M,
                                       months=12, today=TODAY)
    assert ref.amount == household_hi.calculate(household_hi.HouseholdInput(members=2, month=M, months=12)).total
    outsider = f.PersonFactory(address_commune=two_provinces["a1"])
    with pytest.raises(InvalidInput) as exc:
        refs.payment_reference_issue(actor=two_provinces["u1"], purpose="hi_household", person=household.head,
                                     household=household, members=[outsider.pk], from_month=M, months=12)
    assert exc.value.field == "members"


def test_settle_by_bank_posts_and_opens_the_months(two_provinces):
    ref = _vsi(two_provinces)
    paid = refs.payment_reference_settle(actor=two_provinces["u1"], code=refs.grouped(ref.code), amount=ref.amount,
                                         paid_on=TODAY, channel="bank", paid_ref="FT100")
    assert (paid.status, paid.paid_ref, paid.paid_channel) == ("paid", "FT100", "bank")
    txn = LedgerTxn.objects.get(kind="payment", reference="FT100")
    entries = {(e.account, e.holder_type): e.amount for e in txn.entries.all()}
    assert sum(entries.values()) == 0 and entries[(Account.CASH, HolderType.AGENCY)] == ref.amount
    assert entries[(Account.REVENUE, HolderType.PERSON)] == -ref.gross
    p = Participation.objects.get(person=ref.person)
    assert (p.scheme, p.valid_from, p.valid_to, p.source_ref) == ("vsi", dt.date(2026, 4, 1), dt.date(2026, 6, 30),
                                                                   ref.code)
    # the same payment again: nothing more; another payment of a paid reference: refused
    refs.payment_reference_settle(actor=two_provinces["u1"], code=ref.code, amount=ref.amount, paid_on=TODAY,
                                  channel="bank", paid_ref="FT100")
    assert LedgerTxn.objects.filter(kind="payment").count() == 1
    with pytest.raises(Conflict):
        refs.payment_reference_settle(actor=two_provinces["u1"], code=ref.code, amount=ref.amount, paid_on=TODAY,
                                      channel="bank", paid_ref="FT101")


def test_settle_refusals(two_provinces):
    ref = _vsi(two_provinces)
    for kw in ({"amount": ref.amount - 1}, {"paid_on": ref.valid_until + dt.timedelta(days=1)}):
        args = {"amount": ref.amount, "paid_on": TODAY} | kw
        with pytest.raises(Conflict):
            refs.payment_reference_settle(actor=two_provinces["u1"], code=ref.code, channel="bank", paid_ref="FT1",
                                          **args)
    with pytest.raises(InvalidInput):
        refs.payment_reference_settle(actor=two_provinces["u1"], code="AS0000000001", amount=1, paid_on=TODAY,
                                      channel="bank", paid_ref="FT1")
    assert not LedgerTxn.objects.exists() and not Participation.objects.exists()
    # at an agent: the receipt posts the money; the reference is only marked paid
    refs.payment_reference_settle(actor=two_provinces["u1"], code=ref.code, amount=ref.amount, paid_on=TODAY,
                                  channel="agent", paid_ref="BL0000009")
    assert not LedgerTxn.objects.exists() and PaymentReference.objects.get().status == "paid"


def test_bank_statement_line_pays_the_reference_in_its_text(two_provinces):
    u1 = two_provinces["u1"]
    good, short, late = _vsi(two_provinces), _vsi(two_provinces), _vsi(two_provinces)
    data = mb_csv([
        ("FT1", "25/03/2026", 0, good.amount, "NGUYEN VAN A", f"NOP BHXH TU NGUYEN {refs.grouped(good.code)}"),
        ("FT2", "25/03/2026", 0, short.amount - 1000, "TRAN B", f"{short.code} dong bhxh"),
        ("FT3", "10/04/2026", 0, late.amount, "LE C", f"thanh toan {late.code.lower()}"),
        ("FT4", "25/03/2026", 0, 500_000, "X", "AS0000000001 sai ma"),
    ])
    report = payments.bank_statement_import(actor=u1, data=data, file_name="s.csv", bank="MB", account_no="1",
                                            layout=MB)
    assert (report.references, report.matched, report.unmatched) == (1, 1, 3)
    line = BankStatementLine.objects.get(reference="FT1")
    assert line.status == "matched" and line.payment_reference_id == good.pk
    good.refresh_from_db()
    assert (good.status, good.paid_ref) == ("paid", "FT1")
    assert LedgerTxn.objects.get(reference="FT1").entries.aggregate(s=Sum("amount"))["s"] == 0
    assert Participation.objects.filter(person=good.person, scheme="vsi").exists()
    assert set(PaymentReference.objects.filter(status="open").values_list("pk", flat=True)) == {short.pk, late.pk}
    assert set(BankStatementLine.objects.filter(status="unmatched").values_list("reference", flat=True)) == {
        "FT2", "FT3", "FT4"}
    again = payments.bank_statement_import(actor=u1, data=data, file_name="s.csv", bank="MB", account_no="1",
                                           layout=MB)
    assert again.references == 0 and len(again.already_imported) == 4
    assert Participation.objects.filter(person=good.person).count() == 1


@pytest.mark.parametrize("preferred", ["en", "vi", None])
def test_payment_code_sms_is_in_the_payers_language(two_provinces, preferred, django_capture_on_commit_callbacks):
    """The new code and the payment received reach the payer's phone in their portal account's language
    (Vietnamese when they prefer it or have no account)."""
    from ansinh.accounts.models import Role
    from ansinh.notify.backends import outbox

    ref = _vsi(two_provinces)
    ref.person.phone = "0912000333"
    ref.person.save(update_fields=["phone"])
    if preferred:
        f.UserFactory(username="payer", role=Role.CITIZEN, person=ref.person, preferred_language=preferred)
    with django_capture_on_commit_callbacks(execute=True):
        new = refs.payment_reference_renew(actor=two_provinces["u1"], ref=ref, today=dt.date(2026, 5, 10))
        refs.payment_reference_settle(actor=two_provinces["u1"], code=new.code, amount=new.amount,
                                      paid_on=dt.date(2026, 5, 10), channel="bank", paid_ref="FT200")
    sent = [o for o in outbox if o.address == "0912000333"]
    assert len(sent) == 2
    if preferred == "en":
        assert sent[0].text.startswith("New payment code: ") and "VND" in sent[0].text
        assert sent[0].subject == "New payment code"
        assert sent[1].text.startswith("Received ") and f"payment code {new.code}" in sent[1].text
    else:
        assert sent[0].text.startswith("Mã thanh toán mới: ") and "đồng" in sent[0].text
        assert sent[1].text.startswith("Đã nhận ")
