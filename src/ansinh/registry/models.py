"""Persons, households, employers, employment and salary history."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ansinh.registry.codes import ETHNICITY_CHOICES


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class BirthPrecision(models.TextChoices):
    DAY = "D", _("full date")
    MONTH = "M", _("month and year")
    YEAR = "Y", _("year only")


class Person(models.Model):
    """A person known to the agency. Since 2025-08-01 the 12-digit personal ID number serves as the SI number
    (CV 1804/BHXH-QLT); the legacy 10-digit SI number is kept, both unique and searchable."""

    citizen_id = models.CharField(max_length=12, unique=True, null=True, blank=True)
    si_code = models.CharField(max_length=10, unique=True, null=True, blank=True)
    full_name = models.CharField(max_length=120)
    name_search = models.CharField(max_length=120, help_text="Folded name: lower case, no marks, đ→d.")
    birth_date = models.DateField(help_text="Missing day or month stored as 1; see birth_precision.")
    birth_precision = models.CharField(max_length=1, choices=BirthPrecision.choices, default=BirthPrecision.DAY)
    birth_year = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    ethnicity = models.CharField(max_length=2, choices=ETHNICITY_CHOICES, default="01")
    nationality = models.CharField(max_length=2, default="VN")
    address_commune = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    address_line = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=12, blank=True)
    death_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # varchar_pattern_ops lets PostgreSQL use the index for LIKE 'prefix%'; SQLite ignores opclasses
            # and the selector queries it with a range instead (see registry.selectors.person_search).
            models.Index(fields=["name_search", "birth_year"], name="person_name_idx", opclasses=["varchar_pattern_ops", "int2_ops"]),
            models.Index(fields=["address_commune", "name_search"], name="person_commune_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(sex__in=["M", "F"]), name="person_sex_valid"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def birth_display(self) -> str:
        if self.birth_precision == BirthPrecision.YEAR:
            return f"{self.birth_date.year}"
        if self.birth_precision == BirthPrecision.MONTH:
            return f"{self.birth_date.month:02d}/{self.birth_date.year}"
        return self.birth_date.strftime("%d/%m/%Y")


class Relationship(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    GRANDCHILD = "grandchild", _("Grandchild")
    GRANDPARENT = "grandparent", _("Grandparent")
    SIBLING = "sibling", _("Sibling")
    CHILD_IN_LAW = "child_in_law", _("Son/daughter-in-law")
    OTHER = "other", _("Other")


class Household(models.Model):
    """A household as registered for residence; the unit of household HI (Decree 188/2025)."""

    code = models.CharField(max_length=20, unique=True)
    commune = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    address_line = models.CharField(max_length=200, blank=True)
    head = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.code


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relationship = models.CharField(max_length=16, choices=Relationship.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(valid_to__isnull=True), name="member_one_current_household"
            ),
        ]
        indexes = [models.Index(fields=["household", "valid_to"], name="member_household_idx")]


class OwnershipType(models.TextChoices):
    STATE_AGENCY = "state_agency", _("State agency / public administration")
    PUBLIC_SERVICE = "public_service", _("Public service unit")
    STATE_ENTERPRISE = "state_enterprise", _("State-owned enterprise")
    PRIVATE = "private", _("Private enterprise")
    FOREIGN_INVESTED = "foreign_invested", _("Foreign-invested enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    HOUSEHOLD_BUSINESS = "household_business", _("Household business")
    ASSOCIATION = "association", _("Association / social organisation")
    COMMUNE = "commune", _("Commune government")
    FOREIGN_ORG = "foreign_org", _("Foreign or international organisation")
    OTHER = "other", _("Other")


class EmployerStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended business")
    DISSOLVED = "dissolved", _("Dissolved / closed")
    MISSING = "missing", _("Not at registered address")


class Employer(models.Model):
    """A contributing unit (đơn vị tham gia)."""

    unit_code = models.CharField(max_length=24, unique=True)
    tax_code = models.CharField(max_length=14, unique=True, null=True, blank=True)
    name = models.CharField(max_length=250)
    name_search = models.CharField(max_length=250, db_index=True)
    ownership_type = models.CharField(max_length=24, choices=OwnershipType.choices)
    sector = models.CharField(max_length=1, help_text="VSIC 2018 section letter A-U.")
    address_commune = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    address_line = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=12, blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=16, choices=EmployerStatus.choices, default=EmployerStatus.ACTIVE)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["address_commune", "status"], name="employer_commune_idx")]

    def __str__(self) -> str:
        return self.name


class ContractType(models.TextChoices):
    INDEFINITE = "indefinite", _("Indefinite term")
    FIXED_12_36 = "fixed_12_36", _("Fixed term, 12 to 36 months")
    FIXED_3_12 = "fixed_3_12", _("Fixed term, 3 to under 12 months")
    FIXED_1_3 = "fixed_1_3", _("Fixed term, 1 to under 3 months")
    UNDER_1 = "under_1", _("Under 1 month")
    CIVIL_SERVANT = "civil_servant", _("Civil servant / public employee")
    MANAGER_UNPAID = "manager_unpaid", _("Enterprise manager without salary")
    OTHER = "other", _("Other")


class Employment(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="employments")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="employments")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    position = models.CharField(max_length=120, blank=True)
    contract_type = models.CharField(max_length=16, choices=ContractType.choices)
    workplace_commune = models.ForeignKey(
        "places.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Where the work is done (sets the minimum-wage region); the employer's commune when empty.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(
        auto_now=True, null=True, db_index=True,
        help_text="Last change; the assessment re-assesses months already assessed for employments changed since.",
    )

    class Meta:
        indexes = [
            models.Index(fields=["employer", "valid_from"], name="employment_employer_idx"),
            models.Index(fields=["person", "valid_from"], name="employment_person_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")), name="employment_range"
            ),
        ]


class SalaryKind(models.TextChoices):
    EMPLOYER = "employer", _("Set by the employer")
    STATE = "state", _("State pay scale (coefficient)")


class SalaryRecord(models.Model):
    """The contribution salary of an employment from a date: never overwritten, a change opens a new row."""

    employment = models.ForeignKey(Employment, on_delete=models.PROTECT, related_name="salaries")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=10, choices=SalaryKind.choices, default=SalaryKind.EMPLOYER)
    salary = models.BigIntegerField(help_text="Whole VND per month: salary + allowances subject to contributions.")
    coefficient = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    allowance_coefficient = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    recorded_at = models.DateTimeField(
        auto_now=True, null=True, db_index=True,
        help_text="When the row was written or changed (empty for bulk-loaded history).",
    )

    class Meta:
        indexes = [models.Index(fields=["employment", "valid_from"], name="salary_employment_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(salary__gte=0), name="salary_non_negative"),
            models.UniqueConstraint(fields=["employment", "valid_from"], name="salary_employment_from_uniq"),
        ]


class GeneratedDataset(models.Model):
    """A synthetic province made by `ansinh generate`: what was asked, so that a second run with the same
    arguments reuses it instead of generating again."""

    province_code = models.CharField(max_length=2)
    persons = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    parameters = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    summary = models.JSONField(default=dict)
