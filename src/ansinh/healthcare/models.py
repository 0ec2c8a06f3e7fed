"""Health-insurance claims: facilities and their catalogues, claim episodes (Decision 130/4750 XML), findings of the
automated assessment, budgets, advances and settlements. See docs/healthcare.md.

Times of an episode are integer minutes since 1970-01-01 (local, naive) and days since 1970-01-01, so that the
set-based checks compare and subtract them the same way on PostgreSQL, SQLite and DuckDB."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ansinh.rules.healthcare import EPOCH_DAY, minutes_to_datetime


class Facility(models.Model):
    """A medical facility (cơ sở KCB). Effective-dated: a change of level, contract or primary-care flag closes the
    row (valid_to) and opens another with the same code."""

    class Level(models.TextChoices):
        PRIMARY = "primary", _("Primary level")
        BASIC = "basic", _("Basic level")
        SPECIALISED = "specialised", _("Specialised level")

    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("Hospital")
        HEALTH_CENTRE = "health_centre", _("Health centre")
        COMMUNE_STATION = "commune_station", _("Commune health station")
        CLINIC = "clinic", _("Clinic")

    code = models.CharField(max_length=5, help_text="5 characters: 2-digit province + 3 (MA_CSKCB).")
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=12, choices=Level.choices)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    province = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    primary_care = models.BooleanField(default=False, help_text="Takes primary-care registrations.")
    contract_number = models.CharField(max_length=60, blank=True)
    contract_from = models.DateField(null=True, blank=True)
    contract_to = models.DateField(null=True, blank=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        # with what B01 reads of the version of the day (its level), so that SQLite's probe for each line of a month
        # reads the index alone (the same for the approved prices and the certificates below: the line pass, one
        # probe of each per line, 2.0 → 1.7 s at a million lines, docs/PERFORMANCE.md)
        indexes = [models.Index(fields=["code", "valid_from", "valid_to", "level"], name="facility_code_idx")]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="facility_code_from_unique"),
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                   name="facility_range"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class FacilityAccount(models.Model):
    """A user who sends claims for a facility (API token or upload): sees only that facility's results."""

    user = models.OneToOneField("accounts.User", on_delete=models.CASCADE, related_name="facility_account")
    facility_code = models.CharField(max_length=5)


class PrimaryCareRegistration(models.Model):
    """A card registered at a facility for primary care (changes in the first 15 days of a quarter, HI Law Art 26.1
    as amended by Law 51/2024). Effective-dated: a change closes the open row and opens another."""

    class Source(models.TextChoices):
        IMPORT = "import", _("Imported")
        CHANGE = "change", _("Changed at the desk")

    card_number = models.CharField(max_length=15)
    facility_code = models.CharField(max_length=5)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.IMPORT)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["card_number", "valid_from"], name="pcr_card_idx")]
        constraints = [
            models.UniqueConstraint(fields=["card_number", "valid_from"], name="pcr_card_from_unique"),
            models.UniqueConstraint(fields=["card_number"], condition=Q(valid_to__isnull=True), name="pcr_one_open"),
        ]


class CatalogueItem(models.Model):
    """A drug, service or supply approved for a facility at a price, from a date (the facility's approved list)."""

    class Kind(models.TextChoices):
        DRUG = "drug", _("Drug")
        SERVICE = "service", _("Service")
        SUPPLY = "supply", _("Medical supply")

    facility_code = models.CharField(max_length=5)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    code = models.CharField(max_length=50)
    name = models.CharField(max_length=300)
    unit = models.CharField(max_length=40, blank=True)
    price_milli = models.BigIntegerField(help_text="Approved unit price in thousandths of a đồng.")
    tender = models.CharField(max_length=100, blank=True, help_text="TT_THAU: decision;package;group;year.")
    registration_number = models.CharField(max_length=40, blank=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    from_day = models.IntegerField(help_text="valid_from as days since 1970-01-01.")
    to_day = models.IntegerField(help_text="valid_to as days since 1970-01-01 (99999 when open).")

    class Meta:
        indexes = [models.Index(fields=["facility_code", "code", "from_day", "to_day", "price_milli"],
                                name="catalogue_lookup_idx")]
        constraints = [
            models.UniqueConstraint(fields=["facility_code", "kind", "code", "valid_from"], name="catalogue_unique"),
        ]

    @property
    def price(self) -> int:
        return (self.price_milli + 500) // 1000


class Practitioner(models.Model):
    """A practitioner registered at a facility (its staff list, Form 02/DM) with the practising-certificate number
    that MA_BAC_SI carries, from a date (effective-dated, days since 1970 for the set-based check P05)."""

    certificate_number = models.CharField(max_length=40, help_text="Practising-certificate number (MA_BAC_SI).")
    full_name = models.CharField(max_length=200)
    title = models.CharField(max_length=60, blank=True)
    facility_code = models.CharField(max_length=5)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    from_day = models.IntegerField(default=0, help_text="valid_from as days since 1970-01-01.")
    to_day = models.IntegerField(default=99999, help_text="valid_to as days since 1970-01-01 (99999 when open).")

    class Meta:
        indexes = [models.Index(fields=["certificate_number"], name="practitioner_cert_idx"),
                   models.Index(fields=["facility_code", "certificate_number", "from_day", "to_day"],
                                name="practitioner_lookup_idx")]
        constraints = [models.UniqueConstraint(fields=["facility_code", "certificate_number", "valid_from"],
                                               name="practitioner_unique")]


class ClaimFile(models.Model):
    """One GIAMDINHHS file received (API, upload or command line)."""

    class Channel(models.TextChoices):
        API = "api", _("API")
        UPLOAD = "upload", _("Upload")
        CLI = "cli", _("Command line")
        GENERATED = "generated", _("Generated")

    facility_code = models.CharField(max_length=5)
    file_name = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField()
    actor = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    episodes = models.PositiveIntegerField(default=0)
    replaced = models.PositiveIntegerField(default=0, help_text="Episodes that replaced an earlier version.")
    unchanged = models.PositiveIntegerField(default=0, help_text="Episodes identical to the version held.")


class Episode(models.Model):
    """One version of an episode (MA_LK) of a facility, from XML1. A corrected file adds a version and marks the
    earlier one not current; findings concern current versions."""

    file = models.ForeignKey(ClaimFile, on_delete=models.PROTECT, related_name="+")
    facility_code = models.CharField(max_length=5)
    ma_lk = models.CharField(max_length=100)
    version = models.PositiveIntegerField(default=1)
    current = models.BooleanField(default=True)
    digest = models.CharField(max_length=64, help_text="sha256 of the episode's tables, to tell a real correction.")
    period = models.DateField(help_text="Settlement month NAM_QT/THANG_QT (first day).")
    patient_code = models.CharField(max_length=100, blank=True)
    full_name = models.CharField(max_length=255)
    name_key = models.CharField(max_length=255, help_text="Folded name (as registry name_search).")
    birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, blank=True, help_text="M/F from GIOI_TINH 1/2; empty when 3 (unknown).")
    citizen_id = models.CharField(max_length=15, blank=True)
    card_number = models.CharField(max_length=15, help_text="First card of MA_THE_BHYT.")
    card_numbers = models.CharField(max_length=200, blank=True, help_text="MA_THE_BHYT as sent (';'-separated).")
    card_problem = models.CharField(max_length=3, blank=True, help_text="051 malformed, 053 wrong benefit digit.")
    card_pct = models.PositiveSmallIntegerField(default=0, help_text="Card level in percent on the admission day.")
    card_from_day = models.IntegerField()
    card_to_day = models.IntegerField()
    registered_code = models.CharField(max_length=5, blank=True, help_text="MA_DKBD.")
    referred_from = models.CharField(max_length=5, blank=True, help_text="MA_NOI_DI.")
    referral_number = models.CharField(max_length=50, blank=True, help_text="GIAY_CHUYEN_TUYEN (XML1).")
    slip_number = models.CharField(max_length=50, blank=True, help_text="Referral slip issued here (XML13).")
    slip_to = models.CharField(max_length=5, blank=True, help_text="XML13 MA_NOI_DEN.")
    slip_valid_day = models.IntegerField(null=True, blank=True,
                                         help_text="Last day the slip may be used (days since 1970), working days.")
    patient_kind = models.CharField(max_length=4, blank=True, help_text="MA_DOITUONG_KCB.")
    exempt_day = models.IntegerField(null=True, blank=True, help_text="NGAY_MIEN_CCT as days since 1970.")
    visit_type = models.CharField(max_length=2, help_text="MA_LOAI_KCB.")
    admitted = models.BigIntegerField(help_text="NGAY_VAO, minutes since 1970.")
    admitted_day = models.IntegerField()
    admitted_date = models.DateField()
    inpatient_from = models.BigIntegerField(null=True, blank=True)
    discharged = models.BigIntegerField(help_text="NGAY_RA, minutes since 1970.")
    discharged_day = models.IntegerField()
    treatment_days = models.IntegerField(default=0)
    first_order = models.BigIntegerField(null=True, blank=True,
                                         help_text="Earliest NGAY_YL of its lines (minutes since 1970; none without "
                                                   "lines): bounds the month's duplicate-line check V02.")
    last_order = models.BigIntegerField(null=True, blank=True, help_text="Latest NGAY_YL of its lines.")
    line_count = models.PositiveIntegerField(default=0, help_text="Its lines (XML2 and XML3): the lines a run assessed "
                                                                  "are counted from the episodes.")
    outcome = models.PositiveSmallIntegerField(default=0, help_text="KET_QUA_DTRI.")
    discharge_kind = models.PositiveSmallIntegerField(default=0, help_text="MA_LOAI_RV.")
    main_icd = models.CharField(max_length=20, blank=True)
    department = models.CharField(max_length=50, blank=True)
    threshold = models.BigIntegerField(default=0, help_text="15 % of the base salary on the admission day.")
    t_thuoc = models.BigIntegerField(default=0)
    t_vtyt = models.BigIntegerField(default=0)
    t_tongchi_bv = models.BigIntegerField(default=0)
    t_tongchi_bh = models.BigIntegerField(default=0)
    t_bntt = models.BigIntegerField(default=0)
    t_bncct = models.BigIntegerField(default=0)
    t_bhtt = models.BigIntegerField(default=0)
    t_nguonkhac = models.BigIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["facility_code", "ma_lk", "version"], name="episode_key_idx"),
            models.Index(fields=["period", "current"], name="episode_period_idx"),
            models.Index(fields=["card_number", "admitted_day"], name="episode_card_idx"),
            # V04 over a month: the (admission day, card) keys of the current episodes, in that order
            models.Index(fields=["admitted_day", "card_number", "current"], name="episode_day_card_idx"),
            # the episodes that issued a referral slip (XML13, few): R03 looks a slip up among them
            models.Index(fields=["card_number"], condition=Q(slip_number__gt=""), name="episode_slip_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["facility_code", "ma_lk", "version"], name="episode_version_unique"),
            models.UniqueConstraint(fields=["facility_code", "ma_lk"], condition=Q(current=True),
                                    name="episode_one_current"),
        ]

    def __str__(self) -> str:
        return f"{self.facility_code}/{self.ma_lk} v{self.version}"

    @property
    def admitted_at(self):
        return minutes_to_datetime(self.admitted)

    @property
    def discharged_at(self):
        return minutes_to_datetime(self.discharged)

    @property
    def card_from(self) -> dt.date:
        return EPOCH_DAY + dt.timedelta(days=self.card_from_day)

    @property
    def card_to(self) -> dt.date:
        return EPOCH_DAY + dt.timedelta(days=self.card_to_day)


class Line(models.Model):
    """A line of XML2 (drugs) or XML3 (services and supplies) of an episode version."""

    class Kind(models.TextChoices):
        DRUG = "drug", _("Drug")
        SERVICE = "service", _("Service")
        SUPPLY = "supply", _("Medical supply")

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="lines",
                                db_index=False)  # led by the index line_sums_idx
    table = models.CharField(max_length=4)  # XML2 / XML3
    stt = models.PositiveIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    code = models.CharField(max_length=50)
    name = models.CharField(max_length=300, blank=True)
    group = models.PositiveSmallIntegerField(help_text="MA_NHOM.")
    scope = models.PositiveSmallIntegerField(default=1, help_text="PHAM_VI.")
    qty_milli = models.BigIntegerField()
    price_milli = models.BigIntegerField(help_text="DON_GIA (XML2) or DON_GIA_BH (XML3), thousandths.")
    price_bv_milli = models.BigIntegerField(help_text="DON_GIA (XML2) or DON_GIA_BV (XML3), thousandths.")
    rate_dv = models.PositiveSmallIntegerField(default=100, help_text="TYLE_TT_DV (100 for drugs).")
    rate_bh = models.PositiveSmallIntegerField(default=100, help_text="TYLE_TT_BH.")
    amount_bv = models.BigIntegerField()
    amount_bh = models.BigIntegerField()
    calc_bh = models.BigIntegerField(help_text="THANH_TIEN_BH recomputed from quantity, price and rates (F01/F02).")
    benefit = models.PositiveSmallIntegerField(help_text="MUC_HUONG.")
    t_bntt = models.BigIntegerField(default=0)
    t_bncct = models.BigIntegerField(default=0)
    t_bhtt = models.BigIntegerField(default=0)
    t_nguonkhac = models.BigIntegerField(default=0)
    ordered = models.BigIntegerField(help_text="NGAY_YL, minutes since 1970.")
    ordered_day = models.IntegerField()
    performed = models.BigIntegerField(null=True, blank=True)
    resulted = models.BigIntegerField(null=True, blank=True)
    practitioner = models.CharField(max_length=60, blank=True)
    department = models.CharField(max_length=50, blank=True)
    tender = models.CharField(max_length=100, blank=True)
    card_number = models.CharField(max_length=15, blank=True, default="",
                                   help_text="The episode's card (copy, for the duplicate-line check V02).")
    package = models.CharField(max_length=4, blank=True, default="", help_text="GOI_VTYT (G1, G2, …).")
    package_cap = models.BigIntegerField(default=0, help_text="45 × base salary on the order day when in a package.")

    class Meta:
        indexes = [models.Index(fields=["code", "ordered"], name="line_code_idx"),
                   # an episode's lines; on PostgreSQL with what F05/T05 sum of them (an index-only scan over a
                   # month); SQLite has no included columns and keeps the plain index (wider, it slowed every
                   # statement probing an episode's lines: SQLite probes, PostgreSQL hashes)
                   models.Index(fields=["episode"], include=["amount_bh", "amount_bv", "qty_milli", "group"],
                                name="line_sums_idx"),
                   # (time, card, item): V02's probe of a line's duplicates, and its month's scan of the keys in
                   # order time (the lines ordered within the month's episodes' first..last order)
                   models.Index(fields=["ordered", "card_number", "code"], name="line_dup_idx"),
                   # the lines in a package of supplies (GOI_VTYT, few): F11 reads them alone
                   models.Index(fields=["episode"], condition=Q(package__gt=""), name="line_package_idx")]

    @property
    def ordered_at(self):
        return minutes_to_datetime(self.ordered)

    @property
    def quantity(self) -> Decimal:
        return Decimal(self.qty_milli) / 1000


class EpisodeXml1(models.Model):
    """XML1 of an episode version as sent (field → text), shown on the episode's page. Kept beside the episode, not
    in its row: the JSON was two thirds of the row, and every check scans the month's episodes
    (docs/PERFORMANCE.md, HI claims)."""

    episode = models.OneToOneField(Episode, on_delete=models.CASCADE, primary_key=True, related_name="xml1_row")
    fields = models.JSONField(default=dict)


class AppointmentSlip(models.Model):
    """XML14 (Giấy hẹn khám lại, the re-examination appointment slip) of an episode version, every field of Decision
    4750 Table 14: times as minutes since 1970 (yyyymmddHHMM), NGAY_CT as a date and its day number (for the
    set-based time-order check T01). A later visit cites it by MA_NOI_DI (the issuing facility) and
    GIAY_CHUYEN_TUYEN (this number); see the check R06."""

    episode = models.OneToOneField(Episode, on_delete=models.CASCADE, primary_key=True, related_name="appointment")
    ma_lk = models.CharField(max_length=100)
    number = models.CharField(max_length=50, help_text="SO_GIAYHEN_KL.")
    facility_code = models.CharField(max_length=5, help_text="MA_CSKCB, the facility that issued it.")
    full_name = models.CharField(max_length=255, help_text="HO_TEN.")
    birth_date = models.DateField(null=True, blank=True, help_text="NGAY_SINH.")
    sex = models.PositiveSmallIntegerField(null=True, blank=True, help_text="GIOI_TINH (1, 2, 3).")
    address = models.CharField(max_length=1024, blank=True, help_text="DIA_CHI.")
    card_numbers = models.TextField(blank=True, help_text="MA_THE_BHYT as sent (';'-separated).")
    card_to = models.TextField(blank=True, help_text="GT_THE_DEN as sent (';'-separated yyyymmdd).")
    admitted = models.BigIntegerField(null=True, blank=True, help_text="NGAY_VAO, minutes since 1970.")
    inpatient_from = models.BigIntegerField(null=True, blank=True, help_text="NGAY_VAO_NOI_TRU, minutes since 1970.")
    discharged = models.BigIntegerField(null=True, blank=True, help_text="NGAY_RA, minutes since 1970.")
    appointment = models.BigIntegerField(help_text="NGAY_HEN_KL, minutes since 1970.")
    diagnosis = models.TextField(blank=True, help_text="CHAN_DOAN_RV.")
    main_icd = models.CharField(max_length=7, blank=True, help_text="MA_BENH_CHINH.")
    other_icd = models.CharField(max_length=100, blank=True, help_text="MA_BENH_KT.")
    yhct_icd = models.CharField(max_length=255, blank=True, help_text="MA_BENH_YHCT.")
    patient_kind = models.CharField(max_length=4, blank=True, help_text="MA_DOITUONG_KCB.")
    practitioner = models.CharField(max_length=255, help_text="MA_BAC_SI.")
    head_code = models.CharField(max_length=10, help_text="MA_TTDV, social-insurance code of who signs.")
    issued = models.DateField(help_text="NGAY_CT, the day the slip was issued.")
    issued_day = models.IntegerField(help_text="NGAY_CT as days since 1970.")
    reserve = models.TextField(blank=True, help_text="DU_PHONG.")

    @property
    def appointment_at(self):
        return minutes_to_datetime(self.appointment)

    @property
    def admitted_at(self):
        return minutes_to_datetime(self.admitted)

    @property
    def inpatient_from_at(self):
        return minutes_to_datetime(self.inpatient_from)

    @property
    def discharged_at(self):
        return minutes_to_datetime(self.discharged)


class RawTable(models.Model):
    """Tables other than XML1-3 (XML4 results, XML5 progress notes, XML7 discharge paper, …), stored as sent."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="raw_tables")
    table = models.CharField(max_length=10)
    content = models.TextField()


class AssessmentRun(models.Model):
    period = models.DateField(null=True, blank=True)
    scope = models.CharField(max_length=20, help_text="month or episode")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    episodes = models.PositiveIntegerField(default=0)
    lines = models.PositiveIntegerField(default=0)
    findings = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)


class Finding(models.Model):
    """What a check found on a line or an episode (line null), with the amount at stake. Flags wait for an HI
    officer: accepted (nothing taken) or rejected (the amount is taken), with a reason (audited)."""

    class Outcome(models.TextChoices):
        REJECT = "reject", _("Rejected")
        REDUCE = "reduce", _("Reduced")
        FLAG = "flag", _("Flagged")

    class Status(models.TextChoices):
        AUTO = "auto", _("Applied automatically")
        OPEN = "open", _("Waiting for an assessor")
        ACCEPTED = "accepted", _("Accepted by the assessor")
        REJECTED = "rejected", _("Rejected by the assessor")

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="findings")
    line = models.ForeignKey(Line, null=True, blank=True, on_delete=models.CASCADE, related_name="findings")
    check_code = models.CharField(max_length=4)
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    amount = models.BigIntegerField(help_text="Amount at stake (VND of T_BHTT).")
    detail = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    decided_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    facility_answer = models.CharField(max_length=500, blank=True)
    answer_due = models.DateField(null=True, blank=True, help_text="Last day the facility may answer.")
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        indexes = [models.Index(fields=["status", "check_code"], name="finding_queue_idx")]


class Budget(models.Model):
    """The HI fund's medical-cost budget (expected expenditure) of a facility for a year; a revision is a new
    version, never an overwrite."""

    facility_code = models.CharField(max_length=5)
    year = models.PositiveSmallIntegerField()
    version = models.PositiveSmallIntegerField(default=1)
    amount = models.BigIntegerField()
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["facility_code", "year", "version"], name="budget_version_unique")]


class Settlement(models.Model):
    """A facility's quarter: the advance paid at its start and, once settled, the figures (HI Law Art 32)."""

    facility_code = models.CharField(max_length=5)
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    advance = models.BigIntegerField(default=0)
    advance_basis = models.BigIntegerField(default=0, help_text="Previous quarter's settled cost.")
    advance_txn = models.ForeignKey("contributions.LedgerTxn", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    claimed = models.BigIntegerField(null=True, blank=True)
    accepted = models.BigIntegerField(null=True, blank=True)
    rejected = models.BigIntegerField(null=True, blank=True)
    balance = models.BigIntegerField(null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    settlement_txn = models.ForeignKey("contributions.LedgerTxn", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["facility_code", "year", "quarter"], name="settlement_unique")]


class PrimaryCareUnit(models.Model):
    """A school or a unit with a health unit that receives primary-care funds (Decree 146/2018 Art 33-34):
    effective-dated; pupils with HI are declared per quarter (PrimaryCareFund.pupils)."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        UNIT = "unit", _("Unit with a health unit")

    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    qualified_staff = models.BooleanField(default=True, help_text="At least one person qualified to practise.")
    medical_room = models.BooleanField(default=True, help_text="A medical room or a room for first aid.")
    own_contract = models.BooleanField(default=False, help_text="Has its own HI medical contract (then not paid).")
    pupils = models.PositiveIntegerField(default=0, help_text="Pupils with HI, as declared by the school.")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employer", "valid_from"], name="pcu_employer_from_unique")]


class PrimaryCareFund(models.Model):
    """The primary-care fund of a recipient for a quarter: its staff's HI contributions and pupils with HI, the
    shares in force, the amount, and the transfer posted to the ledger."""

    unit = models.ForeignKey(PrimaryCareUnit, on_delete=models.PROTECT, related_name="funds")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    staff_contributions = models.BigIntegerField(default=0)
    staff_share = models.DecimalField(max_digits=5, decimal_places=4, default=0)
    staff_amount = models.BigIntegerField(default=0)
    pupils = models.PositiveIntegerField(default=0)
    pupil_contributions = models.BigIntegerField(default=0)
    pupil_share = models.DecimalField(max_digits=5, decimal_places=4, default=0)
    pupil_amount = models.BigIntegerField(default=0)
    amount = models.BigIntegerField(default=0)
    basis = models.CharField(max_length=300, blank=True)
    txn = models.ForeignKey("contributions.LedgerTxn", null=True, blank=True, on_delete=models.PROTECT,
                            related_name="+")
    transferred_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year", "quarter"], name="pcf_unit_quarter_unique")]
