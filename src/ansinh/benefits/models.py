"""Benefit claims, decisions (versioned), recurring entitlements with effective-dated amounts, and the monthly
payroll. See docs/benefits.md.

Months are stored as the first day of the month."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ClaimKind(models.TextChoices):
    SICKNESS = "sickness", _("Sickness")
    MATERNITY = "maternity", _("Maternity")
    CONVALESCENCE = "convalescence", _("Convalescence")
    WORK_INJURY = "work_injury", _("Work injury or occupational disease")
    SURVIVOR_FUNERAL = "survivor_funeral", _("Survivors: funeral grant")
    SURVIVOR_MONTHLY = "survivor_monthly", _("Survivors: monthly allowance")
    SURVIVOR_LUMP_SUM = "survivor_lump_sum", _("Survivors: lump sum")
    PENSION = "pension", _("Retirement pension")
    ONE_TIME = "one_time", _("One-time social insurance")
    UNEMPLOYMENT = "unemployment", _("Unemployment benefit")


class Channel(models.TextChoices):
    DESK = "desk", _("One-stop desk")
    POST = "post", _("Postal service")
    ONLINE = "online", _("Online")


class PaymentChannel(models.TextChoices):
    BANK_CARD = "bank_card", _("Bank card account")
    CASH_HOME = "cash_home", _("Cash at home (postal service)")
    CASH_POINT = "cash_point", _("Cash at a payment point (postal service)")


class Claim(models.Model):
    """A claim as received, checked, computed, approved and decided. The calculation inputs the officer gives are in
    `params`; the contribution history is read from the ledger when computing. Never deleted."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        COMPUTED = "computed", _("Computed")
        APPROVED = "approved", _("Approved")
        DECIDED = "decided", _("Decided")
        REFUSED = "refused", _("Refused")
        REOPENED = "reopened", _("Reopened for correction")

    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="benefit_claims",
        help_text="The insured person (the deceased for survivor benefits).",
    )
    kind = models.CharField(max_length=20, choices=ClaimKind.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    received_on = models.DateField()
    due_on = models.DateField(help_text="Statutory last day to decide (rules.working_days).")
    due_basis = models.CharField(max_length=200, blank=True)
    claimant_name = models.CharField(max_length=120, blank=True, help_text="Who filed, when not the person.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    params = models.JSONField(default=dict, blank=True, help_text="Calculator inputs given by the officer.")
    payment_channel = models.CharField(
        max_length=10, choices=PaymentChannel.choices, default=PaymentChannel.BANK_CARD
    )
    bank_account = models.CharField(max_length=40, blank=True)
    bank_name = models.CharField(max_length=80, blank=True)
    payment_point = models.CharField(max_length=120, blank=True, help_text="Postal payment point (cash).")
    checks = models.JSONField(
        default=list, blank=True, help_text="Coverage and history checks at computation."
    )
    history = models.JSONField(
        default=list, blank=True, help_text="Contribution periods read from the ledger."
    )
    result = models.JSONField(null=True, blank=True, help_text="The calculator's explained result.")
    eligible = models.BooleanField(null=True)
    amount = models.BigIntegerField(default=0, help_text="One-off amount (VND).")
    monthly_amount = models.BigIntegerField(default=0, help_text="Recurring monthly amount (VND).")
    start_month = models.DateField(null=True, blank=True)
    end_month = models.DateField(null=True, blank=True)
    received_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    computed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    computed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["person", "kind"], name="claim_person_idx"),
            models.Index(fields=["status", "due_on"], name="claim_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def recurring(self) -> bool:
        return self.monthly_amount > 0


class Decision(models.Model):
    """A decision on a claim. A correction is a new row with the next version, linking the previous one; the
    current decision is the highest version. Rows are never updated."""

    class Outcome(models.TextChoices):
        GRANT = "grant", _("Granted")
        REFUSAL = "refusal", _("Refused")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="decisions")
    version = models.PositiveIntegerField()
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next"
    )
    number = models.CharField(max_length=40, unique=True, help_text="Decision number printed on the PDF.")
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    reason = models.CharField(max_length=300, blank=True, help_text="Refusal reason or correction reason.")
    result = models.JSONField(null=True, blank=True)
    amount = models.BigIntegerField(default=0)
    monthly_amount = models.BigIntegerField(default=0)
    start_month = models.DateField(null=True, blank=True)
    end_month = models.DateField(null=True, blank=True)
    payment_channel = models.CharField(max_length=10, choices=PaymentChannel.choices, blank=True)
    bank_account = models.CharField(max_length=40, blank=True)
    bank_name = models.CharField(max_length=80, blank=True)
    payment_point = models.CharField(max_length=120, blank=True)
    computed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField()
    decided_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "version"], name="decision_claim_version_uniq"),
            models.CheckConstraint(condition=Q(version__gte=1), name="decision_version_positive"),
        ]
        ordering = ["claim_id", "version"]

    def __str__(self) -> str:
        return self.number


class Entitlement(models.Model):
    """A recurring benefit in payment. Paid from `from_month` to `to_month` (inclusive; open when null) at the
    amount in force each month (EntitlementAmount). Not paid from `stop_month` on (death: the month after death;
    a stop decision) nor from `suspended_from` while suspended. What was paid is in the payroll lines."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In payment")
        SUSPENDED = "suspended", _("Suspended")
        STOPPED = "stopped", _("Stopped")

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="entitlements")
    claim = models.OneToOneField(
        Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="entitlement"
    )
    kind = models.CharField(max_length=20, choices=ClaimKind.choices)
    fund = models.CharField(max_length=4, help_text="contributions.Fund the benefit is paid from.")
    from_month = models.DateField()
    to_month = models.DateField(null=True, blank=True)
    channel = models.CharField(max_length=10, choices=PaymentChannel.choices)
    bank_account = models.CharField(max_length=40, blank=True)
    bank_name = models.CharField(max_length=80, blank=True)
    payment_point = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    suspended_from = models.DateField(null=True, blank=True)
    stop_month = models.DateField(null=True, blank=True, help_text="First month not paid.")
    status_reason = models.CharField(max_length=300, blank=True)
    status_basis = models.CharField(max_length=200, blank=True)
    retired_before_1995 = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["status", "from_month"], name="entitlement_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.person_id}"


class EntitlementAmount(models.Model):
    """The monthly amount from a month on. Never overwritten: indexation and corrections add rows; the amount in
    force for month M is the row with the latest valid_from ≤ M, the latest written (highest id) on a tie."""

    class Source(models.TextChoices):
        DECISION = "decision", _("Decision")
        CORRECTION = "correction", _("Corrected decision")
        INDEXATION = "indexation", _("Indexation")

    entitlement = models.ForeignKey(
        Entitlement, on_delete=models.PROTECT, related_name="amounts", db_index=False
    )
    valid_from = models.DateField()
    amount = models.BigIntegerField()
    source = models.CharField(max_length=12, choices=Source.choices)
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    basis = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["entitlement", "valid_from"], name="ent_amount_idx")]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="ent_amount_non_negative")]


class Payroll(models.Model):
    """One month's payroll of the province (the database's agency). Building it again adds only what is missing."""

    period = models.DateField(unique=True)
    double = models.BooleanField(
        default=False, help_text="Pays the next month too (a plan, e.g. before Tết)."
    )
    builds = models.PositiveIntegerField(default=0)
    lines = models.PositiveIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    built_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.period:%Y-%m}"


class PayrollLine(models.Model):
    """One amount on a payment list (the month's payroll).

    - `regular`: one month of one entitlement; unique per (entitlement, month): a month is never paid twice;
    - `arrears`: the difference for a month already paid, after a decision corrected upwards (`arrears`);
    - `one_off`: a decided one-off amount (sickness, maternity, lump sums …), `decision` set, no entitlement;
    - `reissue`: a returned or not-collected line paid again (`reissue_of`), e.g. on resumption.
    `deduction` is the part of the amount withheld to settle a recovery (overpayment); the payee gets
    `amount − deduction`."""

    class Status(models.TextChoices):
        BUILT = "built", _("To pay")
        PAID = "paid", _("Paid")
        RETURNED = "returned", _("Returned")
        UNCOLLECTED = "uncollected", _("Not collected")
        REISSUED = "reissued", _("Paid again on a later list")

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Monthly")
        ARREARS = "arrears", _("Arrears of a correction")
        ONE_OFF = "one_off", _("One-off")
        REISSUE = "reissue", _("Paid again")

    payroll = models.ForeignKey(Payroll, on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.REGULAR)
    entitlement = models.ForeignKey(
        Entitlement, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The decision whose one-off amount this line pays.",
    )
    arrears = models.ForeignKey(
        "Arrears", null=True, blank=True, on_delete=models.PROTECT, related_name="lines", db_index=False
    )
    reissue_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reissued_by"
    )
    # A copy of entitlement.person for set-based sums and exports; its integrity follows from the entitlement, so
    # no database constraint is checked for it on the bulk insert of 100,000 lines.
    person = models.ForeignKey(
        "registry.Person", on_delete=models.DO_NOTHING, related_name="+", db_index=False, db_constraint=False
    )
    for_month = models.DateField()
    amount = models.BigIntegerField()
    deduction = models.BigIntegerField(
        default=0, help_text="Withheld to settle a recovery; paid = amount − this."
    )
    fund = models.CharField(max_length=4)
    channel = models.CharField(max_length=10, choices=PaymentChannel.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.BUILT)
    settled_on = models.DateField(null=True, blank=True)
    settlement = models.ForeignKey(
        "PayrollSettlement", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entitlement", "for_month"],
                condition=Q(kind="regular"),
                name="payroll_line_month_uniq",
            ),
            models.UniqueConstraint(fields=["decision"], name="payroll_line_decision_uniq"),
            models.UniqueConstraint(fields=["arrears", "for_month"], name="payroll_line_arrears_uniq"),
            models.CheckConstraint(
                condition=Q(entitlement__isnull=False)
                | Q(decision__isnull=False)
                | Q(reissue_of__isnull=False),
                name="payroll_line_has_payee",
            ),
            models.CheckConstraint(
                condition=Q(deduction__gte=0) & Q(deduction__lte=models.F("amount")),
                name="payroll_line_deduction_range",
            ),
        ]
        indexes = [models.Index(fields=["payroll", "channel", "status"], name="payroll_line_idx")]

    @property
    def net(self) -> int:
        return self.amount - self.deduction


class PayrollSettlement(models.Model):
    """A return file from the bank or the postal service: which lines were paid, returned or not collected."""

    payroll = models.ForeignKey(Payroll, on_delete=models.PROTECT, related_name="settlements")
    file_name = models.CharField(max_length=200)
    file_sha256 = models.CharField(max_length=64, unique=True)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    counts = models.JSONField(default=dict)


class Recovery(models.Model):
    """An overpayment to recover (a receivable on the beneficiary): months paid and not due — a death or a stop
    recorded after those months were paid, a suspension recorded late, a decision corrected downwards — with the
    months, the amount paid, due and over. Settled by repayments or by deduction from later payroll lines
    (`RecoveryPayment`); the ledger holds it as a debit balance of `benefits_payable` on the person (see
    docs/benefits.md)."""

    class Cause(models.TextChoices):
        DEATH = "death", _("Death recorded after months were paid")
        STOP = "stop", _("Payment stopped after months were paid")
        SUSPENSION = "suspension", _("Suspension recorded after months were paid")
        CORRECTION = "correction", _("Decision corrected downwards")
        ONE_OFF = "one_off", _("One-off amount corrected downwards")

    class Status(models.TextChoices):
        OPEN = "open", _("To recover")
        SETTLED = "settled", _("Recovered")
        CANCELLED = "cancelled", _("Cancelled")

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="benefit_recoveries")
    entitlement = models.ForeignKey(
        Entitlement, null=True, blank=True, on_delete=models.PROTECT, related_name="recoveries"
    )
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="recoveries"
    )
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    fund = models.CharField(max_length=4)
    cause = models.CharField(max_length=10, choices=Cause.choices)
    months = models.JSONField(
        default=list, help_text='[{"month": "YYYY-MM", "paid": …, "due": …, "over": …}]'
    )
    amount = models.BigIntegerField()
    recovered = models.BigIntegerField(default=0)
    cancelled = models.BigIntegerField(default=0)
    deduct = models.BooleanField(
        default=True, help_text="Deduct from the later payroll lines of the entitlement."
    )
    per_month = models.BigIntegerField(
        default=0, help_text="At most this much deducted a month (0: the whole line)."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    reason = models.CharField(max_length=300, blank=True)
    basis = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="recovery_amount_positive"),
            models.CheckConstraint(
                condition=Q(recovered__gte=0) & Q(cancelled__gte=0) & Q(per_month__gte=0),
                name="recovery_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=models.F("recovered") + models.F("cancelled")),
                name="recovery_not_over",
            ),
        ]
        indexes = [models.Index(fields=["status", "entitlement"], name="recovery_status_idx")]

    @property
    def remaining(self) -> int:
        return self.amount - self.recovered - self.cancelled


class RecoveryPayment(models.Model):
    """What settled a recovery: a repayment, a deduction from a payroll line, or the cancelled remainder."""

    class Method(models.TextChoices):
        REPAYMENT = "repayment", _("Repayment")
        DEDUCTION = "deduction", _("Deducted from a payment")
        CANCEL = "cancel", _("Cancelled")

    recovery = models.ForeignKey(Recovery, on_delete=models.PROTECT, related_name="payments")
    method = models.CharField(max_length=10, choices=Method.choices)
    amount = models.BigIntegerField()
    on = models.DateField()
    line = models.ForeignKey(PayrollLine, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(
        max_length=80, blank=True, help_text="Receipt or bank reference of a repayment."
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="recovery_payment_positive")]


class Arrears(models.Model):
    """The difference owed for months already paid when a decision is corrected upwards; paid on the next payroll
    (lines of kind `arrears`, one per month)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To pay on the next payroll")
        LISTED = "listed", _("On a payroll")

    entitlement = models.ForeignKey(Entitlement, on_delete=models.PROTECT, related_name="arrears")
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    months = models.JSONField(
        default=list, help_text='[{"month": "YYYY-MM", "paid": …, "due": …, "diff": …}]'
    )
    amount = models.BigIntegerField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    payroll = models.ForeignKey(Payroll, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="arrears_amount_positive")]
        indexes = [models.Index(fields=["status"], name="arrears_status_idx")]
