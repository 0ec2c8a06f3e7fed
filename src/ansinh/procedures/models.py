"""Dossiers of administrative procedures received at the one-stop desk, by post or online; the processing control
record of every hand-over; apologies for late results; the agency's calendar entries.
See docs/procedures.md. The catalogue itself is rules data (ansinh.rules.procedures)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ansinh.rules import dossier_states as st


class CalendarEntry(models.Model):
    """A day off or a weekend day worked decided after the rules data (a compensatory-day decision), layered on
    the rules' calendar for every time limit."""

    class Kind(models.TextChoices):
        OFF = "off", _("Day off")
        WORK = "work", _("Working day")

    day = models.DateField(unique=True)
    kind = models.CharField(max_length=4, choices=Kind.choices)
    reason = models.CharField(max_length=200, help_text="The decision and what it is for.")
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.kind}"


class Channel(models.TextChoices):
    DESK = "desk", _("One-stop desk")
    POST = "post", _("Postal service")
    ONLINE = "online", _("Online")


class Department(models.TextChoices):
    COLLECTION = "collection", _("Collection, books and cards")
    BENEFITS = "benefits", _("Social insurance benefits")
    HEALTH = "health", _("Health insurance")


class Status(models.TextChoices):
    RECEIVED = st.RECEIVED, _("Received")
    SUPPLEMENT = st.SUPPLEMENT, _("Supplement requested")
    REFUSED = st.REFUSED, _("Refused")
    IN_PROCESSING = st.IN_PROCESSING, _("In processing")
    DECIDED = st.DECIDED, _("Decided")
    RETURNED = st.RETURNED, _("Result returned")
    WITHDRAWN = st.WITHDRAWN, _("Withdrawn")


class Dossier(models.Model):
    """One dossier (hồ sơ) of one procedure, from receipt to the result returned. Never deleted."""

    class Outcome(models.TextChoices):
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    code = models.CharField(max_length=24, unique=True, help_text="Receipt number printed on the forms.")
    lookup_key = models.CharField(max_length=12, help_text="Code the applicant uses to look the dossier up.")
    procedure_code = models.CharField(max_length=40)
    procedure_from = models.DateField(help_text="valid_from of the catalogue version applied.")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    office = models.ForeignKey("places.Office", on_delete=models.PROTECT, related_name="dossiers")
    commune = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+",
                                help_text="Commune the dossier belongs to (scope).")
    department = models.CharField(max_length=12, choices=Department.choices)
    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="dossiers")
    employer = models.ForeignKey("registry.Employer", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="dossiers")
    applicant_name = models.CharField(max_length=120)
    applicant_phone = models.CharField(max_length=20, blank=True)
    applicant_email = models.CharField(max_length=120, blank=True)
    applicant_address = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=24, choices=Status.choices)
    received_at = models.DateTimeField()
    received_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    postal_receipt = models.CharField(max_length=40, blank=True, help_text="Postal receipt number (by post).")
    postal_date = models.DateField(null=True, blank=True)
    online_ref = models.CharField(max_length=60, blank=True, help_text="The portal's reference (online).")
    documents = models.JSONField(default=list, blank=True, help_text="Codes of the documents received.")
    missing = models.JSONField(default=list, blank=True, help_text="Codes of the documents still missing.")
    request = models.JSONField(default=dict, blank=True, help_text="What the applicant asks for, validated per "
                               "procedure (rules.dossier_requests); the work starts from it.")
    complete_on = models.DateField(null=True, blank=True, help_text="Day the dossier became complete.")
    due_on = models.DateField(null=True, blank=True, help_text="Statutory due date (catalogue + calendar).")
    due_basis = models.CharField(max_length=300, blank=True)
    new_due_on = models.DateField(null=True, blank=True, help_text="Date promised in the latest apology.")
    handler = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    refusal_reason = models.CharField(max_length=500, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    result_channel = models.CharField(max_length=8, choices=Channel.choices, blank=True)
    tracking_number = models.CharField(max_length=40, blank=True, help_text="Postal tracking number (by post).")
    returned_at = models.DateTimeField(null=True, blank=True)
    work_type = models.CharField(max_length=40, blank=True, help_text="The work started elsewhere in ansinh.")
    work_id = models.BigIntegerField(null=True, blank=True)
    work_detail = models.JSONField(default=dict, blank=True, help_text="What the work found or computed when it "
                                   "started (amount due, payment reference, problem) and what it did when applied.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["office", "status"], name="dossier_office_status_idx"),
            models.Index(fields=["department", "status", "due_on"], name="dossier_dept_idx"),
            models.Index(fields=["received_at"], name="dossier_received_idx"),
            models.Index(fields=["commune"], name="dossier_commune_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False) | Q(employer__isnull=False)
                                   | ~Q(applicant_name=""), name="dossier_has_applicant"),
        ]
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in st.OPEN

    @property
    def effective_due(self):  # type: ignore[no-untyped-def]
        return self.new_due_on or self.due_on


class DossierDocument(models.Model):
    """A scan attached to a dossier (bounded size, kept in the database)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="files")
    document_code = models.CharField(max_length=40, blank=True)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    uploaded_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)


class DossierStep(models.Model):
    """The processing control record (Phiếu kiểm soát quá trình giải quyết hồ sơ, Mẫu 05): every hand-over and
    change of state, who and when."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="steps")
    at = models.DateTimeField()
    actor = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=24)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24)
    from_department = models.CharField(max_length=12, blank=True)
    to_department = models.CharField(max_length=12, blank=True)
    to_handler = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]


class Apology(models.Model):
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04): made no later than one working day before the due date."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="apologies")
    number = models.PositiveIntegerField()
    reason = models.CharField(max_length=500)
    previous_due_on = models.DateField()
    new_due_on = models.DateField()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dossier", "number"], name="apology_dossier_number_uniq")]
        ordering = ["dossier", "number"]
