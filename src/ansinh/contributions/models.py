"""Declarations, assessment, the double-entry ledger, payments, collection agents. See docs/contributions.md.

Periods (months) are stored as the first day of the month."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Fund(models.TextChoices):
    SM = "sm", _("Sickness and maternity")
    OAOD = "oaod", _("Occupational accident and disease")
    RS = "rs", _("Retirement and survivorship")
    HI = "hi", _("Health insurance")
    UI = "ui", _("Unemployment insurance")


class EmployerTerms(models.Model):
    """How an employer contributes from a date: OA/OD rate option, payment cycle (monthly, or 3/6-monthly for
    piece-rate agriculture, forestry, fishery and salt units — Law 41/2024 Art 34.4.b)."""

    class Cycle(models.IntegerChoices):
        MONTHLY = 1, _("Monthly")
        QUARTERLY = 3, _("Every 3 months")
        HALF_YEARLY = 6, _("Every 6 months")

    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, related_name="contribution_terms")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    oaod_reduced = models.BooleanField(default=False, help_text="Approved for the reduced OA/OD rate (Decree 58/2020 Art 5).")
    cycle = models.PositiveSmallIntegerField(choices=Cycle.choices, default=Cycle.MONTHLY)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employer", "valid_from"], name="terms_employer_from_uniq")]


class Declaration(models.Model):
    """One list sent by an employer: D02-LT (joining, leaving, salary changes) or TK1-TS (a person's registration)."""

    class Form(models.TextChoices):
        D02LT = "d02lt", "D02-LT"
        TK1TS = "tk1ts", "TK1-TS"

    class Channel(models.TextChoices):
        DESK = "desk", _("One-stop desk")
        UPLOAD = "upload", _("File upload")
        API = "api", _("API")
        PORTAL = "portal", _("Employer portal")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        REJECTED = "rejected", _("Rejected")

    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, related_name="declarations")
    period = models.DateField(help_text="Month of the declaration (first day).")
    form = models.CharField(max_length=6, choices=Form.choices, default=Form.D02LT)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPLIED)
    file_name = models.CharField(max_length=200, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    submitted_by = models.ForeignKey("accounts.User", null=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    line_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["employer", "period"], name="declaration_employer_idx")]


class DeclarationLine(models.Model):
    class Action(models.TextChoices):
        JOIN = "join", _("Joins (increase)")
        LEAVE = "leave", _("Leaves (decrease)")
        SALARY = "salary", _("Salary change")
        SUSPEND = "suspend", _("Unpaid leave / suspension (decrease)")
        RETURN = "return", _("Returns to work (increase)")

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="lines")
    line_no = models.PositiveIntegerField()
    action = models.CharField(max_length=8, choices=Action.choices)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    employment = models.ForeignKey("registry.Employment", null=True, on_delete=models.PROTECT, related_name="+")
    from_month = models.DateField()
    to_month = models.DateField(null=True, blank=True)
    salary = models.BigIntegerField(null=True, blank=True)
    contract_type = models.CharField(max_length=16, blank=True)
    position = models.CharField(max_length=120, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["declaration", "line_no"], name="declaration_line_uniq")]


class AssessmentRun(models.Model):
    period = models.DateField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    employers = models.PositiveIntegerField(default=0)
    lines_written = models.PositiveIntegerField(default=0)
    lines_removed = models.PositiveIntegerField(default=0)
    txns_posted = models.PositiveIntegerField(default=0)
    total_due = models.BigIntegerField(default=0)
    summary = models.JSONField(default=dict)


class AssessmentLine(models.Model):
    """What is due for one employee of one employer for one month (`for_period`), as assessed in `period`.
    Columns per fund and payer (er = employer, ee = employee): one row per person-month, summed set-based."""

    period = models.DateField(help_text="Accounting month in which it was assessed.")
    for_period = models.DateField(help_text="Month the contribution belongs to (earlier than period when retroactive).")
    # The composite indexes below lead with these columns: no separate foreign-key indexes (fewer to maintain on
    # the bulk inserts of the monthly run). Employer and person are copies of the employment's, written only by
    # the set-based assessment from a join on the employment: no database constraint of their own (PostgreSQL
    # checks each deferred foreign key row by row at commit, ~8 µs a line each); the employment's constraint
    # and Django's PROTECT on delete remain.
    employer = models.ForeignKey(
        "registry.Employer", on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    employment = models.ForeignKey("registry.Employment", on_delete=models.PROTECT, related_name="+", db_index=False)
    salary = models.BigIntegerField()
    si_base = models.BigIntegerField()
    ui_base = models.BigIntegerField()
    sm_er = models.BigIntegerField()
    oaod_er = models.BigIntegerField()
    rs_er = models.BigIntegerField()
    rs_ee = models.BigIntegerField()
    hi_er = models.BigIntegerField()
    hi_ee = models.BigIntegerField()
    ui_er = models.BigIntegerField()
    ui_ee = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employment", "for_period"], name="assessment_employment_month_uniq"),
        ]
        indexes = [
            models.Index(fields=["employer", "for_period"], name="assessment_employer_idx"),
            models.Index(fields=["person", "for_period"], name="assessment_person_idx"),
            models.Index(fields=["for_period"], name="assessment_for_period_idx"),
        ]

    AMOUNT_COLUMNS = ("sm_er", "oaod_er", "rs_er", "rs_ee", "hi_er", "hi_ee", "ui_er", "ui_ee")


class Account(models.TextChoices):
    RECEIVABLE = "receivable", _("Contributions receivable")
    INTEREST_RECEIVABLE = "interest_receivable", _("Late-payment interest receivable")
    REVENUE = "revenue", _("Contribution revenue")
    INTEREST_REVENUE = "interest_revenue", _("Interest revenue")
    CASH = "cash", _("Agency bank and cash")
    SUSPENSE = "suspense", _("Received, not yet matched")
    AGENT_CASH = "agent_cash", _("Held by collection agents")
    STATE_SUPPORT = "state_support", _("State budget support receivable")
    COMMISSION_EXPENSE = "commission_expense", _("Agents' commission")
    COMMISSION_PAYABLE = "commission_payable", _("Commission payable to agents")
    BENEFIT_EXPENSE = "benefit_expense", _("Benefit expense")
    BENEFITS_PAYABLE = "benefits_payable", _("Benefits payable to beneficiaries")
    HI_ADVANCES = "hi_advances", _("HI advances to medical facilities")
    HI_KCB_EXPENSE = "hi_kcb_expense", _("HI medical costs")
    HI_PRIMARY_CARE = "hi_primary_care", _("HI primary-care funds")


class HolderType(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    HOUSEHOLD = "household", _("Household")
    PERSON = "person", _("Person")
    AGENT = "agent", _("Collection agent")
    AGENCY = "agency", _("Agency")
    STATE = "state", _("State budget")
    FACILITY = "facility", _("Medical facility")


class LedgerTxn(models.Model):
    """A balanced set of entries. `reference` is unique per kind: posting the same payment twice posts it once."""

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", _("Assessment")
        ADJUSTMENT = "adjustment", _("Adjustment")
        PAYMENT = "payment", _("Payment")
        MATCH = "match", _("Unmatched payment allocated")
        INTEREST = "interest", _("Late-payment interest")
        RECEIPT = "receipt", _("Agent receipt")
        REMITTANCE = "remittance", _("Agent remittance")
        COMMISSION = "commission", _("Agent commission")
        REVERSAL = "reversal", _("Reversal")
        BENEFIT = "benefit", _("Benefit decided (one-off)")
        PAYROLL = "payroll", _("Benefit payroll built")
        PAYOUT = "payout", _("Benefits paid out")
        HI_ADVANCE = "hi_advance", _("HI advance to a facility")
        HI_SETTLE = "hi_settle", _("HI quarter settled with a facility")
        HI_PRIMARY = "hi_primary", _("HI primary-care fund transferred")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    reference = models.CharField(max_length=80)
    period = models.DateField(help_text="Accounting month.")
    effective_date = models.DateField(help_text="Value date: payment date, due date, last day of the month accrued.")
    posted_at = models.DateTimeField()
    actor = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    memo = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "reference"], name="txn_kind_reference_uniq")]
        indexes = [models.Index(fields=["period", "kind"], name="txn_period_idx")]


class LedgerEntry(models.Model):
    """Debit positive, credit negative. Balances are sums of entries, never stored apart."""

    txn = models.ForeignKey(LedgerTxn, on_delete=models.PROTECT, related_name="entries")
    account = models.CharField(max_length=20, choices=Account.choices)
    fund = models.CharField(max_length=4, choices=Fund.choices)
    holder_type = models.CharField(max_length=10, choices=HolderType.choices)
    holder_id = models.BigIntegerField()
    for_period = models.DateField(help_text="Month the amount belongs to (for ageing and allocation).")
    period = models.DateField(help_text="Accounting month (copy of txn.period, for set-based sums).")
    effective_date = models.DateField(help_text="Copy of txn.effective_date, for interest day counts.")
    amount = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["holder_type", "holder_id", "account", "fund", "for_period"], name="entry_holder_idx"),
            models.Index(fields=["account", "period"], name="entry_account_period_idx"),
        ]


class CollectionAgent(models.Model):
    """A post office, commune collection point or bank that takes voluntary SI and household HI payments.
    Code per CV 1804/BHXH-QLT: 10-char code + 'TH' + 7-char admin code + 3-digit point number."""

    class Kind(models.TextChoices):
        POST_OFFICE = "post_office", _("Post office")
        COMMUNE_POINT = "commune_point", _("Commune collection point")
        BANK = "bank", _("Bank")
        OTHER = "other", _("Other organisation")

    code = models.CharField(max_length=24, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    commune = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey("places.Office", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    commission_rate = models.DecimalField(max_digits=6, decimal_places=4, help_text="Share of amounts collected.")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)


class AgentStaff(models.Model):
    agent = models.ForeignKey(CollectionAgent, on_delete=models.PROTECT, related_name="staff")
    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    full_name = models.CharField(max_length=120)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)


class Receipt(models.Model):
    """Money taken by an agent for voluntary SI or household HI, covering months from..to."""

    class Scheme(models.TextChoices):
        VSI = "vsi", _("Voluntary social insurance")
        HI_HOUSEHOLD = "hi_household", _("Household health insurance")

    number = models.CharField(max_length=30, unique=True)
    agent = models.ForeignKey(CollectionAgent, on_delete=models.PROTECT, related_name="receipts")
    staff = models.ForeignKey(AgentStaff, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    scheme = models.CharField(max_length=12, choices=Scheme.choices)
    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey("registry.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_month = models.DateField()
    to_month = models.DateField()
    income = models.BigIntegerField(null=True, blank=True, help_text="Chosen monthly income (voluntary SI).")
    support_group = models.CharField(max_length=20, blank=True)
    gross = models.BigIntegerField()
    state_support = models.BigIntegerField(default=0)
    payable = models.BigIntegerField()
    taken_on = models.DateField()
    remittance = models.ForeignKey("Remittance", null=True, blank=True, on_delete=models.PROTECT, related_name="receipts")
    detail = models.JSONField(default=dict, help_text="The calculator's result: steps, parameters, legal basis.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(gross=models.F("state_support") + models.F("payable")), name="receipt_sum"),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(household__isnull=False), name="receipt_has_payer"
            ),
        ]


class Remittance(models.Model):
    agent = models.ForeignKey(CollectionAgent, on_delete=models.PROTECT, related_name="remittances")
    reference = models.CharField(max_length=60, unique=True)
    remitted_on = models.DateField()
    amount = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)


class BankStatementLine(models.Model):
    """One credit line of an agency bank statement. Matched to an employer by the unit code in the text;
    unmatched lines wait for an officer."""

    class Status(models.TextChoices):
        MATCHED = "matched", _("Matched and posted")
        UNMATCHED = "unmatched", _("Waiting for an officer")
        IGNORED = "ignored", _("Not a contribution")

    bank = models.CharField(max_length=20)
    account_no = models.CharField(max_length=30)
    reference = models.CharField(max_length=80, unique=True, help_text="The bank's transaction reference.")
    value_date = models.DateField()
    amount = models.BigIntegerField()
    text = models.CharField(max_length=400)
    payer_name = models.CharField(max_length=200, blank=True)
    employer = models.ForeignKey("registry.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    payment_reference = models.ForeignKey("PaymentReference", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+", help_text="Matched by the payment reference in the text.")
    status = models.CharField(max_length=10, choices=Status.choices)
    file_name = models.CharField(max_length=200, blank=True)
    imported_at = models.DateTimeField()
    resolved_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)


class SimulationRun(models.Model):
    """A demo history made by `ansinh simulate` (analytics.simulate) on a generated province: what was asked, and
    what was made. A second run with the same parameters reuses it."""

    province_code = models.CharField(max_length=2)
    first_month = models.DateField(help_text="First month simulated (first day).")
    last_month = models.DateField(help_text="Last month simulated (first day).")
    seed = models.BigIntegerField()
    parameters = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)


class PaymentReference(models.Model):
    """A payment reference (mã thanh toán) for a payable request of a citizen — voluntary SI, household HI — paid
    by bank transfer (the code in the transfer's description) or at a collection agent (the code typed or
    scanned). Format and check digit: contributions.services.references; docs/portal.md "Payment references"."""

    class Purpose(models.TextChoices):
        VSI = "vsi", _("Voluntary social insurance")
        HI_HOUSEHOLD = "hi_household", _("Household health insurance")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for payment")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.CharField(max_length=16, unique=True)
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+",
                               help_text="The payer: the participant (voluntary SI) or the household's applicant.")
    household = models.ForeignKey("registry.Household", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    dossier = models.ForeignKey("procedures.Dossier", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    members = models.JSONField(default=list, blank=True, help_text="Household HI: person ids in rank order.")
    from_month = models.DateField()
    months = models.PositiveSmallIntegerField()
    income = models.BigIntegerField(null=True, blank=True)
    mode = models.CharField(max_length=12, blank=True)
    support_group = models.CharField(max_length=20, blank=True)
    gross = models.BigIntegerField()
    state_support = models.BigIntegerField(default=0)
    amount = models.BigIntegerField(help_text="What the payer pays (whole VND).")
    valid_until = models.DateField()
    bank_name = models.CharField(max_length=120)
    bank_bin = models.CharField(max_length=8, blank=True)
    account_no = models.CharField(max_length=30)
    account_name = models.CharField(max_length=200)
    detail = models.JSONField(default=dict, help_text="The calculator's result: steps, parameters, legal basis.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    paid_on = models.DateField(null=True, blank=True)
    paid_channel = models.CharField(max_length=8, blank=True, help_text="bank | agent")
    paid_ref = models.CharField(max_length=80, blank=True, help_text="Bank reference or receipt number.")
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["person", "status"], name="payref_person_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(gross=models.F("state_support") + models.F("amount")),
                                   name="payref_sum"),
        ]

    def __str__(self) -> str:
        return self.code
