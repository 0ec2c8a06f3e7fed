"""Lists received from other bodies, their matches to the registry, findings of who is missing and why, reminders,
check cases. See docs/compliance.md."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ListKind(models.TextChoices):
    TAX = "tax_enterprises", _("Enterprises from the tax authority")
    REGISTRY = "business_registrations", _("New registrations from the business registry")
    SCHOOL = "school_pupils", _("Pupils and students from schools")
    STATE_BUDGET = "state_budget_group", _("State-budget and supported groups from communes")
    CHILDREN = "children_under_6", _("Children under 6 from the population data")


UNIT_KINDS = (ListKind.TAX, ListKind.REGISTRY)


class SourceList(models.Model):
    """One file received from another body, kept with its source and the date of its data (L41 Arts 17, 30)."""

    kind = models.CharField(max_length=24, choices=ListKind.choices)
    source = models.CharField(max_length=200, help_text="The body that sent the list.")
    source_date = models.DateField(help_text="The date of the data in the list.")
    province = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    matched_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["province", "kind", "sha256"], name="sourcelist_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.source} · {self.source_date}"


class MatchMethod(models.TextChoices):
    NONE = "none", _("Not found in the registry")
    ID = "id", _("Identifier")
    FUZZY = "fuzzy", _("Name and address")
    REVIEW = "review", _("Uncertain: to review")
    CONFIRMED = "confirmed", _("Confirmed by an officer")
    REJECTED = "rejected", _("Rejected by an officer")


class ListEntry(models.Model):
    """One line of a list, as received (the identifiers validated), and its match to the registry."""

    source_list = models.ForeignKey(SourceList, on_delete=models.CASCADE, related_name="entries")
    line_no = models.PositiveIntegerField()
    tax_code = models.CharField(max_length=14, blank=True)
    citizen_id = models.CharField(max_length=12, blank=True)
    name = models.CharField(max_length=250)
    name_key = models.CharField(max_length=300, help_text="Normalised name: folded, abbreviations expanded.")
    address_line = models.CharField(max_length=250, blank=True)
    commune = models.ForeignKey("places.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    birth_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, blank=True, help_text="Tax status of the enterprise: active, suspended, closed.")
    established_on = models.DateField(null=True, blank=True)
    wage_expense = models.BigIntegerField(null=True, blank=True, help_text="Yearly wage expense declared for tax (VND).")
    headcount = models.PositiveIntegerField(null=True, blank=True)
    school_code = models.CharField(max_length=20, blank=True)
    school_name = models.CharField(max_length=200, blank=True)
    grade = models.CharField(max_length=10, blank=True)
    group = models.CharField(max_length=30, blank=True, help_text="State-budget group of the commune list.")
    match_method = models.CharField(max_length=10, choices=MatchMethod.choices, default=MatchMethod.NONE)
    match_score = models.PositiveSmallIntegerField(null=True, blank=True)
    employer = models.ForeignKey("registry.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["source_list", "match_method"], name="listentry_match_idx"),
            models.Index(fields=["tax_code"], name="listentry_tax_idx"),
            models.Index(fields=["citizen_id"], name="listentry_cid_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (line {self.line_no})"

    @property
    def matched(self) -> bool:
        return self.match_method in (MatchMethod.ID, MatchMethod.FUZZY, MatchMethod.CONFIRMED)


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONTACTED = "contacted", _("Contacted")
    ENROLLED = "enrolled", _("Enrolled")
    CLOSED = "closed", _("Closed: not liable")
    RESOLVED = "resolved", _("No longer found")


class Finding(models.Model):
    """One unit or person found by a detection rule for a month, with the rule, its legal basis and the facts."""

    rule = models.CharField(max_length=24)
    period = models.DateField(help_text="The month checked (first day).")
    employer = models.ForeignKey("registry.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(ListEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings")
    subject = models.CharField(max_length=250, help_text="Name shown in lists.")
    key = models.CharField(max_length=40, help_text="Tax code, unit code or citizen ID: the finding's identity.")
    commune = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    school = models.CharField(max_length=200, blank=True)
    basis = models.CharField(max_length=200)
    detail = models.JSONField(default=dict)
    workers = models.PositiveIntegerField(default=0, help_text="Workers or persons concerned (for the reports).")
    status = models.CharField(max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    found_at = models.DateTimeField()
    status_at = models.DateTimeField(null=True, blank=True)
    status_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule", "period", "key"], name="finding_once")]
        indexes = [models.Index(fields=["period", "rule", "status"], name="finding_list_idx")]

    def __str__(self) -> str:
        return f"{self.rule} · {self.subject}"


class Reminder(models.Model):
    """A written reminder (đôn đốc) to a late-paying unit, L41 Art 35.1: the precondition for classing non-payment
    60 days after the deadline as evasion (Art 39.1.đ). The date it was sent is kept."""

    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=30, unique=True)
    period = models.DateField(help_text="Month of the arrears it was generated from.")
    sent_on = models.DateField()
    overdue = models.BigIntegerField()
    interest = models.BigIntegerField(default=0)
    oldest_month = models.DateField(null=True, blank=True)
    months_overdue = models.PositiveSmallIntegerField(default=0)
    pay_by = models.DateField()
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employer", "period"], name="reminder_once_a_month")]

    def __str__(self) -> str:
        return self.number


class CheckCase(models.Model):
    """A check (kiểm tra) of a unit, planned or unannounced (L41 Art 17.5, 17.7): scope, team, documents requested,
    findings, the record, the fine by the decree in force on the date of the act, remedy and follow-up."""

    class Kind(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNANNOUNCED = "unannounced", _("Unannounced")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RECORDED = "recorded", _("Record made")
        REMEDYING = "remedying", _("Remedy under way")
        PAID = "paid", _("Paid: closed")

    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=30, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    opened_on = models.DateField()
    scope = models.CharField(max_length=300)
    team = models.CharField(max_length=300)
    documents = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # findings
    act = models.CharField(max_length=20, blank=True)
    act_date = models.DateField(null=True, blank=True)
    employees_not_enrolled = models.PositiveIntegerField(default=0)
    wages_under_declared = models.BigIntegerField(default=0, help_text="Monthly wages missing from the SI base.")
    amount = models.BigIntegerField(default=0, help_text="Contributions late or evaded at the time of the record.")
    interest = models.BigIntegerField(default=0)
    months_evaded = models.PositiveSmallIntegerField(default=0)
    offender = models.CharField(max_length=12, default="organisation")
    circumstance = models.CharField(max_length=12, default="none")
    fined_before = models.BooleanField(default=False)
    record_on = models.DateField(null=True, blank=True)
    fine = models.BigIntegerField(default=0)
    fine_detail = models.JSONField(default=dict, blank=True)
    penal_flag = models.BooleanField(default=False)
    remedy_by = models.DateField(null=True, blank=True)
    paid = models.BigIntegerField(default=0)
    paid_on = models.DateField(null=True, blank=True)
    enrolled_workers = models.PositiveIntegerField(default=0)
    reminder = models.ForeignKey(Reminder, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.number

    @property
    def owed(self) -> int:
        return self.amount + self.interest + self.fine

    @property
    def outstanding(self) -> int:
        return max(0, self.owed - self.paid)


class SchoolPayment(models.Model):
    """What one pupil paid through the school for an academic year's HI card (HI Law Art 17.1.d as amended: the
    school collects the pupils' share; compliance notes §E). The amounts are the student_hi calculator's for the
    pupil's grade and the school's province on the payment's academic year: premium = State + province + pupil.
    Recording a payment opens the pupil's HI participation (group HS, payer student) for the card period, confirmed
    by `paid_on`, and the card is issued for it (coverage.services.cards). Never overwritten: a wrong entry is
    cancelled (status) and entered again."""

    class Status(models.TextChoices):
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    entry = models.ForeignKey(ListEntry, on_delete=models.PROTECT, related_name="payments")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    school_code = models.CharField(max_length=20)
    school_name = models.CharField(max_length=200)
    academic_year = models.PositiveSmallIntegerField(help_text="The year the academic year starts (1 October).")
    grade = models.PositiveSmallIntegerField()
    valid_from = models.DateField(help_text="First day of the card period.")
    valid_to = models.DateField(help_text="Last day of the card period.")
    months = models.PositiveSmallIntegerField()
    premium = models.BigIntegerField()
    state = models.BigIntegerField(help_text="Central budget share.")
    province = models.BigIntegerField(help_text="Provincial budget share (its People's Council scheme).")
    amount = models.BigIntegerField(help_text="What the pupil paid through the school.")
    local_group = models.CharField(max_length=30, blank=True)
    receipt_number = models.CharField(max_length=40, unique=True)
    paid_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PAID)
    participation = models.ForeignKey("coverage.Participation", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    remittance = models.ForeignKey("SchoolRemittance", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="payments", help_text="The school's remittance that handed it over.")
    recorded_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    detail = models.JSONField(default=dict, blank=True, help_text="The calculator's steps and parameters.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "academic_year"], condition=models.Q(status="paid"),
                                    name="schoolpayment_once_a_year"),
            models.CheckConstraint(condition=models.Q(premium=models.F("state") + models.F("province") + models.F("amount")),
                                   name="schoolpayment_sum"),
        ]
        indexes = [models.Index(fields=["school_code", "academic_year"], name="schoolpayment_school_idx")]

    def __str__(self) -> str:
        return self.receipt_number


class SchoolRemittance(models.Model):
    """What a school handed over to the agency for its pupils' HI payments of an academic year (Decree 146/2018
    Art 9.5: the pupils' share through the school; the State's and the province's shares from the budgets). Posted
    to the ledger once (contributions.LedgerTxn kind `remittance`, reference `school:<school>:<reference>`): Dr cash
    (agency) the pupils' share, Dr state_support (central budget) the State's share, Dr state_support (provincial
    budget) the province's share / Cr revenue (each pupil) the premium, fund HI, per month of the card period's
    start. Never overwritten."""

    school_code = models.CharField(max_length=20)
    school_name = models.CharField(max_length=200)
    academic_year = models.PositiveSmallIntegerField()
    reference = models.CharField(max_length=40, help_text="The school's transfer or receipt reference.")
    remitted_on = models.DateField()
    pupils = models.PositiveIntegerField()
    amount = models.BigIntegerField(help_text="The pupils' share handed over by the school.")
    state = models.BigIntegerField(help_text="Central budget share of the same pupils.")
    province = models.BigIntegerField(help_text="Provincial budget share of the same pupils.")
    txn = models.ForeignKey("contributions.LedgerTxn", null=True, blank=True, on_delete=models.PROTECT,
                            related_name="+")
    recorded_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school_code", "reference"],
                                               name="schoolremittance_reference_uniq")]
        indexes = [models.Index(fields=["school_code", "academic_year"], name="schoolremittance_school_idx")]

    def __str__(self) -> str:
        return f"{self.school_code} {self.reference}"
