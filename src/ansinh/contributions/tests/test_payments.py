"""Employer payments: statement parsing, matching, allocation (worked example), idempotency, the queue, file errors,
and a property over random payment sequences."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansinh.accounts.models import AuditEvent
from ansinh.contributions.imports.bank_statement import MB, layout_for, load_layout_config, read_statement
from ansinh.contributions.models import Account, BankStatementLine, HolderType, LedgerEntry, LedgerTxn
from ansinh.contributions.selectors import employer_balance_by_fund, unmatched_queue
from ansinh.contributions.services import payments
from ansinh.contributions.services.ledger import Posting, post
from ansinh.core.errors import Conflict, FileErrors, InvalidInput
from ansinh.core.testing import factories as f
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db

SAMPLES = Path("/work/shared/data/formats/bank-statements")
D = dt.date


def assess(employer, month: Month, amounts: dict[str, int], *, account=Account.RECEIVABLE, ref=None):
    """Dr receivable (or interest_receivable) / Cr revenue, as the assessment and the interest accrual post them."""
    postings = []
    for fund, amount in amounts.items():
        postings += [
            Posting(account, fund, HolderType.EMPLOYER, employer.pk, month.first_day, amount),
            Posting(
                Account.REVENUE if account == Account.RECEIVABLE else Account.INTEREST_REVENUE,
                fund,
                HolderType.EMPLOYER,
                employer.pk,
                month.first_day,
                -amount,
            ),
        ]
    kind = LedgerTxn.Kind.ASSESSMENT if account == Account.RECEIVABLE else LedgerTxn.Kind.INTEREST
    post(
        kind=kind,
        reference=ref or f"{kind}:{employer.pk}:{month}",
        period=month,
        effective_date=month.last_day,
        postings=postings,
    )


def owed(employer) -> dict[tuple[str, str, str], int]:
    rows = (
        LedgerEntry.objects.filter(
            holder_type="employer", holder_id=employer.pk, account__in=payments.OWED_ACCOUNTS
        )
        .values("for_period", "account", "fund")
        .annotate(s=Sum("amount"))
    )
    return {(str(r["for_period"])[:7], r["account"], r["fund"]): r["s"] for r in rows if r["s"]}


def mb_csv(rows: list[tuple[str, str, int, int, str, str]]) -> bytes:
    """An MB-layout statement without the balance column: (reference, date, debit, credit, payer, text)."""
    out = [
        "STT,NGÀY GIAO DỊCH,NGÀY HẠCH TOÁN,PHÁT SINH NỢ,PHÁT SINH CÓ,ĐƠN VỊ THỤ HƯỞNG/ĐƠN VỊ CHUYỂN,NỘI DUNG,BÚT TOÁN"
    ]
    for i, (ref, day, debit, credit, payer, text) in enumerate(rows, 1):
        out.append(f'{i},{day} 10:00:00,{day},"{debit:,}","{credit:,}",{payer},"{text}",{ref}')
    return ("\n".join(out) + "\n").encode()


# --- parsing -------------------------------------------------------------------------------------------------


def test_mb_sample_statement():
    s = read_statement(
        (SAMPLES / "synthetic_mbbank_sao_ke_layout.csv").read_bytes(), file_name="x.csv", layout=MB, bank="MB"
    )
    assert s.errors == []
    assert len(s.lines) == 4
    assert (s.total_debit, s.total_credit) == (43_461_000, 12_000_000)
    assert (s.opening_balance, s.closing_balance) == (500_000_000, 468_539_000)
    si = [x for x in s.lines if x.codes.anchored]
    assert len(si) == 1 and si[0].codes.unit_codes == {"ZZ0001Z"} and si[0].debit == 23_450_000
    assert [x.credit for x in s.credits] == [12_000_000]


def test_config_layout_loads_ragged_rows_and_reads_an_xlsx(tmp_path):
    from openpyxl import Workbook

    layout = load_layout_config(
        (SAMPLES / "statement_config_example.csv").read_text(encoding="utf-8"), "VCB3"
    )
    assert set(layout.columns) == {"text", "date", "debit", "credit"}
    assert set(layout.info) == {"accountno", "currency", "openingbalance", "closingbalance"}
    wb = Workbook()
    ws = wb.active
    ws.append(["Số tài khoản/Account Number", "0011001234567"])
    ws.append(["Loại tiền/Currency", "VND"])
    ws.append(["Số dư đầu kỳ/Opening Balance", 1_000_000])
    ws.append(["Số dư cuối kỳ/Closing Balance", 6_000_000])
    for _ in range(5):
        ws.append([])
    ws.append(
        ["Ngày GD/Transaction Date", "Số tiền ghi nợ/Debit", "Số tiền ghi có/Credit", "Diễn giải/Narrative"]
    )
    cell_time = dt.datetime(2026, 4, 2, 9, 30)  # noqa: DTZ001 - a spreadsheet cell has no zone
    ws.append([cell_time, None, 5_000_000, "CT 0123456789 DN nop BHXH T3"])
    path = tmp_path / "vcb.xlsx"
    wb.save(path)
    s = read_statement(path.read_bytes(), file_name="vcb.xlsx", layout=layout, bank="VCB")
    assert s.errors == []
    assert (s.account_no, s.currency, s.opening_balance, s.closing_balance) == (
        "0011001234567",
        "VND",
        1_000_000,
        6_000_000,
    )
    assert s.lines[0].value_date == D(2026, 4, 2) and s.lines[0].credit == 5_000_000
    assert s.lines[0].reference.startswith("VCB-")  # no reference column: made from the line


def test_bad_file_reports_every_line_and_writes_nothing(two_provinces):
    data = mb_csv(
        [
            ("FT1", "02/04/2026", 0, 1_000_000, "A", "x"),
            ("FT2", "31/02/2026", 0, 1_000_000, "B", "x"),
            ("FT3", "03/04/2026", 5, 1_000_000, "C", "x"),
            ("", "03/04/2026", 0, 7, "D", "x"),
            ("FT1", "04/04/2026", 0, 2, "E", "x"),
        ]
    )
    data = data.replace(b'"1,000,000",A', b'"1,000,5x0",A')
    before = (BankStatementLine.objects.count(), LedgerTxn.objects.count(), AuditEvent.objects.count())
    with pytest.raises(FileErrors) as err:
        payments.bank_statement_import(
            actor=two_provinces["u1"], data=data, file_name="bad.csv", bank="MB", account_no="123", layout=MB
        )
    lines = sorted((e["line"], e["field"]) for e in err.value.details)
    assert lines == [(2, "credit"), (3, "date"), (4, "credit"), (5, "reference"), (6, "reference")]
    assert (
        BankStatementLine.objects.count(),
        LedgerTxn.objects.count(),
        AuditEvent.objects.count(),
    ) == before


# --- allocation ----------------------------------------------------------------------------------------------


def test_allocation_worked_example_decree_233(two_provinces):
    """Decree 233/2025/NĐ-CP Art 7.4.b (from 2025-08-26): HI, UI, then SI into sickness & maternity, OA/OD,
    retirement & survivorship; each fund's amount due (oldest month first), then its interest.
    Jan: hi 300,000, ui 100,000, sm 200,000, oaod 50,000, rs 1,000,000; interest hi 5,000, rs 10,000. Feb: the same
    without interest. Pay 1,000,000: hi Jan+Feb 600,000 → hi interest 5,000 → ui Jan+Feb 200,000 → sm Jan 195,000
    (of 200,000). Pay 3,000,000: sm Jan 5,000 + Feb 200,000 → oaod 100,000 → rs 2,000,000 → rs interest 10,000;
    685,000 left stays a credit on Feb (the latest month). Mar assessed hi 300,000; pay 100,000: the credit pays
    first (300,000 of 685,000) → Mar hi; the 100,000 paid stays a credit on Mar."""
    u1 = two_provinces["u1"]
    e = f.EmployerFactory(address_commune=two_provinces["a1"])
    jan, feb, mar = Month(2026, 1), Month(2026, 2), Month(2026, 3)
    month_due = {"hi": 300_000, "ui": 100_000, "sm": 200_000, "oaod": 50_000, "rs": 1_000_000}
    assess(e, jan, month_due)
    assess(e, jan, {"hi": 5_000, "rs": 10_000}, account=Account.INTEREST_RECEIVABLE)
    assess(e, feb, month_due)
    txn, _ = payments.employer_payment_post(
        actor=u1, employer=e, amount=1_000_000, reference="P1", paid_on=D(2026, 3, 5)
    )
    assert owed(e) == {
        ("2026-01", "receivable", "sm"): 5_000,
        ("2026-01", "receivable", "oaod"): 50_000,
        ("2026-01", "receivable", "rs"): 1_000_000,
        ("2026-01", "interest_receivable", "rs"): 10_000,
        ("2026-02", "receivable", "sm"): 200_000,
        ("2026-02", "receivable", "oaod"): 50_000,
        ("2026-02", "receivable", "rs"): 1_000_000,
    }
    cash = dict(txn.entries.filter(account=Account.CASH).values_list("fund", "amount"))
    assert cash == {"hi": 605_000, "ui": 200_000, "sm": 195_000}
    txn, _ = payments.employer_payment_post(
        actor=u1, employer=e, amount=3_000_000, reference="P2", paid_on=D(2026, 3, 20)
    )
    assert owed(e) == {("2026-02", "receivable", "rs"): -685_000}
    cash = dict(txn.entries.filter(account=Account.CASH).values_list("fund", "amount"))
    assert cash == {"sm": 205_000, "oaod": 100_000, "rs": 2_695_000}
    assess(e, mar, {"hi": 300_000})
    payments.employer_payment_post(
        actor=u1, employer=e, amount=100_000, reference="P3", paid_on=D(2026, 4, 2)
    )
    assert owed(e) == {("2026-02", "receivable", "rs"): -385_000, ("2026-03", "receivable", "rs"): -100_000}
    due = 2 * sum(month_due.values()) + 15_000 + 300_000
    assert sum(owed(e).values()) == due - 4_100_000
    assert employer_balance_by_fund(user=u1, employer_id=e.pk)["rs"]["total"] == -485_000


def test_allocation_worked_example_before_decree_233_shares_si_pro_rata(two_provinces):
    """Decision 60/2015/QĐ-TTg and Decision 595/QĐ-BHXH as amended by 505/QĐ-BHXH (to 2025-08-25): HI, UI, OA/OD,
    then sickness & maternity and retirement & survivorship in proportion to what each is owed.
    Jan 2024: hi 300,000, ui 100,000, oaod 50,000, sm 300,000, rs 1,400,000; interest ui 2,000. Pay 600,000:
    hi 300,000 → ui 100,000 → ui interest 2,000 → oaod 50,000; 148,000 left for sm + rs (1,700,000 due):
    sm 148,000 × 3/17 = 26,117.6 → 26,117, rs 148,000 × 14/17 = 121,882.4 → 121,882, the đồng left over to sm."""
    e = f.EmployerFactory(address_commune=two_provinces["a1"])
    assess(e, Month(2024, 1), {"hi": 300_000, "ui": 100_000, "oaod": 50_000, "sm": 300_000, "rs": 1_400_000})
    assess(e, Month(2024, 1), {"ui": 2_000}, account=Account.INTEREST_RECEIVABLE)
    txn, _ = payments.employer_payment_post(
        actor=two_provinces["u1"], employer=e, amount=600_000, reference="Q1", paid_on=D(2024, 2, 20)
    )
    cash = dict(txn.entries.filter(account=Account.CASH).values_list("fund", "amount"))
    assert cash == {"hi": 300_000, "ui": 102_000, "oaod": 50_000, "sm": 26_118, "rs": 121_882}
    assert owed(e) == {("2024-01", "receivable", "sm"): 273_882, ("2024-01", "receivable", "rs"): 1_278_118}


def test_the_order_changes_on_2025_08_26():
    cells = [payments.Cell(D(2025, 6, 1), Account.RECEIVABLE, fund, 100_000) for fund in ("oaod", "sm", "rs")]
    before = payments.allocate(100_000, cells, paid_on=D(2025, 8, 25))
    after = payments.allocate(100_000, cells, paid_on=D(2025, 8, 26))
    assert [(m.fund, m.amount) for m in before] == [("oaod", -100_000)]
    assert [(m.fund, m.amount) for m in after] == [("sm", -100_000)]
    early = payments.allocate(
        100_000, cells, paid_on=D(2015, 5, 1)
    )  # before the first entry: the first entry
    assert early == before


@given(st.integers(1, 10**9), st.lists(st.integers(1, 10**9), min_size=1, max_size=4))
def test_pro_rata_shares_add_up_and_never_exceed_the_amount_due(data, dues):
    take = data % sum(dues) + 1
    shares = payments._pro_rata(take, dues)
    assert sum(shares) == take
    assert all(0 <= s <= d for s, d in zip(shares, dues, strict=True))


# --- import, matching, the queue ----------------------------------------------------------------------------


def test_import_matches_allocates_and_is_idempotent(two_provinces):
    u1 = two_provinces["u1"]
    a = f.EmployerFactory(address_commune=two_provinces["a1"])
    b = f.EmployerFactory(address_commune=two_provinces["a1"], unit_code="ZZ0001Z")
    c = f.EmployerFactory(address_commune=two_provinces["a1"])
    assess(a, Month(2026, 3), {"hi": 400_000, "rs": 2_000_000})
    assess(b, Month(2026, 3), {"rs": 1_000_000})
    data = mb_csv(
        [
            ("FT5", "05/04/2026", 0, 1_000_000, "CTY C", "CHUYEN TIEN KHONG RO NOI DUNG"),
            ("FT4", "04/04/2026", 0, 700_000, "CTY C", f"NOP BHXH MST {c.tax_code} T3"),
            ("FT3", "03/04/2026", 50_000, 0, "", "PHI"),
            (
                "FT2",
                "03/04/2026",
                0,
                1_000_000,
                "CTY B",
                "+BHXH+103+00+ZZ0001Z+00000+dong BHX H thang 03/2026+Cty B",
            ),
            (
                "FT1",
                "02/04/2026",
                0,
                2_400_000,
                "CTY A",
                f"CTY A DONG BHXH {a.unit_code[:6]} {a.unit_code[6:]} T3",
            ),
        ]
    )
    report = payments.bank_statement_import(
        actor=u1, data=data, file_name="s.csv", bank="MB", account_no="123", layout=MB
    )
    assert (report.lines, report.debits_skipped, report.credits) == (5, 1, 4)
    assert (report.matched, report.unmatched) == (3, 1)
    assert owed(a) == {} and owed(b) == {}
    assert owed(c) == {
        ("2026-04", "receivable", "rs"): -700_000
    }  # nothing owed: a credit on the payment's month
    for txn in LedgerTxn.objects.filter(kind="payment"):
        assert txn.entries.aggregate(s=Sum("amount"))["s"] == 0
    assert list(unmatched_queue(user=u1).values_list("reference", flat=True)) == ["FT5"]
    suspense = LedgerEntry.objects.filter(account=Account.SUSPENSE).aggregate(s=Sum("amount"))["s"]
    assert suspense == -1_000_000
    counts = (BankStatementLine.objects.count(), LedgerTxn.objects.count(), LedgerEntry.objects.count())
    again = payments.bank_statement_import(
        actor=u1, data=data, file_name="s.csv", bank="MB", account_no="123", layout=MB
    )
    assert [x["reference"] for x in again.already_imported] == ["FT5", "FT4", "FT2", "FT1"]
    assert (again.matched, again.unmatched, again.txns) == (0, 0, 0)
    assert (
        BankStatementLine.objects.count(),
        LedgerTxn.objects.count(),
        LedgerEntry.objects.count(),
    ) == counts


def test_ambiguous_text_goes_to_the_queue(two_provinces):
    a = f.EmployerFactory(address_commune=two_provinces["a1"])
    b = f.EmployerFactory(address_commune=two_provinces["a1"])
    data = mb_csv([("FT9", "02/04/2026", 0, 500_000, "X", f"NOP BHXH {a.unit_code} VA {b.unit_code}")])
    report = payments.bank_statement_import(
        actor=two_provinces["u1"], data=data, file_name="s.csv", bank="MB", account_no="1", layout=MB
    )
    assert report.unmatched == 1 and report.ambiguous[0]["candidates"] == sorted([a.unit_code, b.unit_code])


def test_unmatched_then_assigned_or_ignored(two_provinces):
    u1, u2 = two_provinces["u1"], two_provinces["u2"]
    e = f.EmployerFactory(address_commune=two_provinces["a1"])
    assess(e, Month(2026, 3), {"hi": 300_000, "rs": 500_000})
    data = mb_csv(
        [
            ("FT1", "02/04/2026", 0, 800_000, "X", "TIEN BAO HIEM"),
            ("FT2", "02/04/2026", 0, 100_000, "Y", "HOAN TIEN"),
        ]
    )
    payments.bank_statement_import(
        actor=u1, data=data, file_name="s.csv", bank="MB", account_no="1", layout=MB
    )
    line = BankStatementLine.objects.get(reference="FT1")
    from ansinh.core.errors import NotFound

    with pytest.raises(NotFound):  # the employer is outside the officer's provinces
        payments.statement_line_assign(actor=u2, line=line, employer_id=e.pk)
    row, txn = payments.statement_line_assign(actor=u1, line=line, employer_id=e.pk, reason="phoned the unit")
    assert (row.status, row.employer_id, txn.kind, txn.reference) == ("matched", e.pk, "match", "FT1")
    assert owed(e) == {}
    assert txn.entries.aggregate(s=Sum("amount"))["s"] == 0
    assert LedgerEntry.objects.filter(account=Account.SUSPENSE).aggregate(s=Sum("amount"))["s"] == -100_000
    cash = dict(
        LedgerEntry.objects.filter(account=Account.CASH)
        .values("fund")
        .annotate(s=Sum("amount"))
        .values_list("fund", "s")
    )
    assert cash == {"hi": 300_000, "rs": 600_000}  # 500,000 of FT1 + the 100,000 of FT2 still unallocated
    with pytest.raises(Conflict):
        payments.statement_line_assign(actor=u1, line=line, employer_id=e.pk)
    other = BankStatementLine.objects.get(reference="FT2")
    with pytest.raises(InvalidInput):
        payments.statement_line_ignore(actor=u1, line=other, reason="")
    payments.statement_line_ignore(
        actor=u1, line=other, reason="refund of a hospital fee, not a contribution"
    )
    event = AuditEvent.objects.filter(
        object_type="contributions.bankstatementline", object_id=str(other.pk), action="update"
    ).get()
    assert event.reason.startswith("refund")
    assert not unmatched_queue(user=u1).exists()


def test_upload_and_queue_through_the_api(client, two_provinces):
    from django.core.files.uploadedfile import SimpleUploadedFile

    e = f.EmployerFactory(address_commune=two_provinces["a1"])
    client.force_login(two_provinces["u1"])
    data = mb_csv(
        [
            ("FT1", "02/04/2026", 0, 800_000, "X", "TIEN BAO HIEM"),
            ("FT2", "02/04/2026", 0, 100_000, "Y", f"BHXH {e.unit_code}"),
        ]
    )
    r = client.post(
        "/api/v1/bank-statements",
        {"file": SimpleUploadedFile("s.csv", data), "bank": "MB", "account_no": "1"},
    )
    assert r.status_code == 201, r.content
    assert (r.json()["matched"], r.json()["unmatched"]) == (1, 1)
    queue = client.get("/api/v1/bank-statements/unmatched").json()
    assert [x["reference"] for x in queue["items"]] == ["FT1"]
    r = client.post(
        f"/api/v1/bank-statement-lines/{queue['items'][0]['id']}/assign",
        {"employer_id": e.pk},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "matched"
    bad = client.post(
        "/api/v1/bank-statements", {"file": SimpleUploadedFile("b.csv", b"nothing,here\n1,2\n")}
    )
    assert bad.status_code == 422 and bad.json()["code"] == "file_invalid"


def test_layout_for_unknown_bank_needs_a_config():
    with pytest.raises(ValueError):
        layout_for("XYZ")


# --- property ------------------------------------------------------------------------------------------------

FUNDS = ("sm", "oaod", "rs", "hi", "ui")
events = st.lists(
    st.one_of(
        st.tuples(st.just("due"), st.integers(0, 5), st.sampled_from(FUNDS), st.integers(1, 5_000_000)),
        st.tuples(st.just("interest"), st.integers(0, 5), st.sampled_from(FUNDS), st.integers(1, 50_000)),
        st.tuples(st.just("pay"), st.integers(0, 5), st.just(""), st.integers(1, 8_000_000)),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seq=events)
def test_receivable_is_due_minus_paid(two_provinces, seq):
    e = f.EmployerFactory(address_commune=two_provinces["a1"])
    due = paid = 0
    for i, (what, m, fund, amount) in enumerate(seq):
        month = Month(2026, 1) + m
        if what == "pay":
            payments.employer_payment_post(
                actor=None, employer=e, amount=amount, reference=f"{e.pk}:{i}", paid_on=month.last_day
            )
            paid += amount
            values = owed(e).values()
            # right after a payment, credits are used while anything is owed: never both owed and credit
            assert not (any(v > 0 for v in values) and any(v < 0 for v in values))
        else:
            account = Account.RECEIVABLE if what == "due" else Account.INTEREST_RECEIVABLE
            assess(e, month, {fund: amount}, account=account, ref=f"{what}:{e.pk}:{i}")
            due += amount
    assert sum(owed(e).values()) == due - paid
    txns = LedgerEntry.objects.filter(holder_type="employer", holder_id=e.pk).values_list("txn_id", flat=True)
    for txn_id in set(txns):
        assert LedgerEntry.objects.filter(txn_id=txn_id).aggregate(s=Sum("amount"))["s"] == 0
