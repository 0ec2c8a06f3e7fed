"""Forms of the staff pages. They parse and convert types only; the services decide what is valid and their
refusals (ApplicationError with .field) are put back next to the field (see `add_refusal`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.scope import visible_commune_ids
from ansinh.core.errors import ApplicationError
from ansinh.places.models import AdminUnit, Level
from ansinh.registry.codes import ETHNICITY_CHOICES
from ansinh.registry.models import BirthPrecision, EmployerStatus, OwnershipType, Sex
from ansinh.web.refusals import refusal_text

# Above this many communes in the user's scope, a commune is typed as its 5-digit code instead of chosen.
MAX_COMMUNE_CHOICES = 1000

# VSIC 2018 sections (Decision 27/2018/QĐ-TTg).
SECTORS = [
    ("A", _("Agriculture, forestry and fishing")),
    ("B", _("Mining and quarrying")),
    ("C", _("Manufacturing")),
    ("D", _("Electricity, gas, steam and air conditioning supply")),
    ("E", _("Water supply, sewerage, waste management and remediation")),
    ("F", _("Construction")),
    ("G", _("Wholesale and retail trade; repair of motor vehicles and motorcycles")),
    ("H", _("Transportation and storage")),
    ("I", _("Accommodation and food service activities")),
    ("J", _("Information and communication")),
    ("K", _("Financial, banking and insurance activities")),
    ("L", _("Real estate activities")),
    ("M", _("Professional, scientific and technical activities")),
    ("N", _("Administrative and support service activities")),
    ("O", _("Party, socio-political organisations, public administration and defence; compulsory social security")),
    ("P", _("Education and training")),
    ("Q", _("Human health and social work activities")),
    ("R", _("Arts, entertainment and recreation")),
    ("S", _("Other service activities")),
    ("T", _("Activities of households as employers and for own use")),
    ("U", _("Activities of extraterritorial organisations and bodies")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _current_communes(user: Any, include_id: int | None = None) -> list[AdminUnit] | None:
    """The communes in force that the user covers (with the one currently set, even if old); None when too many
    to list."""
    ids = visible_commune_ids(user)
    qs = AdminUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True)
    if ids is not None:
        qs = qs.filter(id__in=ids)
    rows = list(qs.select_related("province").order_by("province__name", "name")[: MAX_COMMUNE_CHOICES + 1])
    if len(rows) > MAX_COMMUNE_CHOICES:
        return None
    if include_id and include_id not in {c.pk for c in rows}:
        extra = AdminUnit.objects.select_related("province").filter(pk=include_id).first()
        if extra is not None:
            rows.insert(0, extra)
    return rows


def _commune_label(unit: AdminUnit) -> str:
    label = unit.name
    if unit.province_id and unit.province_id != unit.pk and unit.province is not None:
        label = f"{unit.name}, {unit.province.name}"
    if unit.valid_to is not None:
        label = f"{label} ({_('before 2025')})"
    return label


class CommuneCodeField(forms.CharField):
    """A commune typed as its 5-digit code; cleans to the id of the commune in force with that code."""

    def clean(self, value: Any) -> int | None:
        code = (super().clean(value) or "").strip()
        if not code:
            return None
        unit = AdminUnit.objects.filter(level=Level.COMMUNE, code=code, valid_to__isnull=True).first()
        if unit is None:
            raise forms.ValidationError(_("No commune in force has the code %(code)s."), params={"code": code})
        return unit.pk


def commune_field(user: Any, *, required: bool, current_id: int | None = None, label: Any = None) -> forms.Field:
    """A select of the user's communes, or a code box when the user covers too many to list."""
    label = label or _("Commune")
    communes = _current_communes(user, include_id=current_id)
    if communes is None:
        field: forms.Field = CommuneCodeField(
            label=label, required=required, max_length=5, help_text=_("5-digit commune code")
        )
        if current_id:
            field.initial = AdminUnit.objects.filter(pk=current_id).values_list("code", flat=True).first()
        return field
    empty = _("Choose a commune") if required else _("All communes")
    choices = [("", f"— {empty} —"), *((c.pk, _commune_label(c)) for c in communes)]
    return forms.TypedChoiceField(
        label=label, required=required, choices=choices, coerce=int, empty_value=None, initial=current_id
    )


def add_refusal(form: forms.Form, exc: ApplicationError) -> None:
    """Show a service's refusal next to the field it names (or above the form)."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, refusal_text(exc))


# --- searches --------------------------------------------------------------------------------------------------

class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Citizen ID, SI number or name"), required=False, max_length=120,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "autofocus": True,
                                      "placeholder": _("e.g. 001085012345, 0123456789 or nguyen van an")}),
    )
    birth_year = forms.IntegerField(
        label=_("Birth year"), required=False, min_value=1900, max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": _("e.g. 1985")}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"] = commune_field(user, required=False)

    def has_filter(self) -> bool:
        data = self.cleaned_data
        return bool((data.get("q") or "").strip() or data.get("birth_year") or data.get("commune"))


class HouseholdSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Household code or head's name"), required=False, max_length=120,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "autofocus": True}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"] = commune_field(user, required=False)

    def has_filter(self) -> bool:
        return bool((self.cleaned_data.get("q") or "").strip() or self.cleaned_data.get("commune"))


class EmployerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Unit code, tax code or name"), required=False, max_length=120,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "autofocus": True}),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *EmployerStatus.choices]
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"] = commune_field(user, required=False)

    def has_filter(self) -> bool:
        data = self.cleaned_data
        return bool((data.get("q") or "").strip() or data.get("commune") or data.get("status"))


# --- edits -----------------------------------------------------------------------------------------------------

class ReasonMixin(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the change"), max_length=300,
        help_text=_("Kept in the change history, e.g. the document that proves the new value."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def changes(self) -> dict[str, Any]:
        """The fields the user changed, as the service expects them."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name != "reason"}


class PersonEditForm(ReasonMixin):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    citizen_id = forms.CharField(
        label=_("Personal ID number"), required=False, max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    si_code = forms.CharField(
        label=_("SI number"), required=False, max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput())
    birth_precision = forms.ChoiceField(label=_("Date of birth is known to"), choices=BirthPrecision.choices)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    ethnicity = forms.ChoiceField(label=_("Ethnicity"), choices=ETHNICITY_CHOICES)
    nationality = forms.CharField(label=_("Nationality"), max_length=2, help_text=_("2-letter country code, VN for Vietnam"))
    address_line = forms.CharField(label=_("House number, street, hamlet"), required=False, max_length=200)
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    death_date = forms.DateField(label=_("Date of death"), required=False, widget=DateInput())

    field_order = ["full_name", "citizen_id", "si_code", "birth_date", "birth_precision", "sex", "ethnicity",
                   "nationality", "address_commune_id", "address_line", "phone", "death_date", "reason"]

    def __init__(self, *args: Any, user: Any, person: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {
            "full_name": person.full_name, "citizen_id": person.citizen_id or "", "si_code": person.si_code or "",
            "birth_date": person.birth_date, "birth_precision": person.birth_precision, "sex": person.sex,
            "ethnicity": person.ethnicity, "nationality": person.nationality, "address_line": person.address_line,
            "phone": person.phone, "death_date": person.death_date,
        })
        super().__init__(*args, **kwargs)
        self.fields["address_commune_id"] = commune_field(
            user, required=True, current_id=person.address_commune_id, label=_("Commune of residence")
        )
        self.order_fields(self.field_order)


class EmployerEditForm(ReasonMixin):
    name = forms.CharField(label=_("Name"), max_length=250)
    tax_code = forms.CharField(label=_("Tax code"), required=False, max_length=14,
                               widget=forms.TextInput(attrs={"autocomplete": "off"}))
    ownership_type = forms.ChoiceField(label=_("Ownership type"), choices=OwnershipType.choices)
    sector = forms.ChoiceField(label=_("Economic sector (VSIC)"), choices=[(k, f"{k} — {v}") for k, v in SECTORS])
    status = forms.ChoiceField(label=_("Status"), choices=EmployerStatus.choices)
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    end_date = forms.DateField(label=_("End date"), required=False, widget=DateInput())
    address_line = forms.CharField(label=_("House number, street, hamlet"), required=False, max_length=200)
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("Email"), required=False)

    field_order = ["name", "tax_code", "ownership_type", "sector", "status", "start_date", "end_date",
                   "address_commune_id", "address_line", "phone", "email", "reason"]

    def __init__(self, *args: Any, user: Any, employer: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {
            "name": employer.name, "tax_code": employer.tax_code or "", "ownership_type": employer.ownership_type,
            "sector": employer.sector, "status": employer.status, "start_date": employer.start_date,
            "end_date": employer.end_date, "address_line": employer.address_line, "phone": employer.phone,
            "email": employer.email,
        })
        super().__init__(*args, **kwargs)
        self.fields["address_commune_id"] = commune_field(
            user, required=True, current_id=employer.address_commune_id, label=_("Commune")
        )
        self.order_fields(self.field_order)

    def changes(self) -> dict[str, Any]:
        out = super().changes()
        if "tax_code" in out:
            out["tax_code"] = out["tax_code"] or None
        return out


# --- registration at the desk -----------------------------------------------------------------------------------

class PersonNewForm(forms.Form):
    """A person the registry does not hold yet (the desk registers them before receiving their dossier). A citizen
    ID is required at the desk (12 digits, checked against the sex and birth year it encodes)."""

    full_name = forms.CharField(label=_("Full name"), max_length=120)
    citizen_id = forms.CharField(
        label=_("Personal ID number"), max_length=12, min_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{12}"}),
        help_text=_("12 digits"),
    )
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput())
    birth_precision = forms.ChoiceField(label=_("Date of birth is known to"), choices=BirthPrecision.choices)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    ethnicity = forms.ChoiceField(label=_("Ethnicity"), choices=ETHNICITY_CHOICES)
    nationality = forms.CharField(label=_("Nationality"), max_length=2, initial="VN",
                                  help_text=_("2-letter country code, VN for Vietnam"))
    address_line = forms.CharField(label=_("House number, street, hamlet"), required=False, max_length=200)
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )

    field_order = ["full_name", "citizen_id", "birth_date", "birth_precision", "sex", "ethnicity", "nationality",
                   "address_commune_id", "address_line", "phone"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["address_commune_id"] = commune_field(user, required=True, label=_("Commune of residence"))
        self.order_fields(self.field_order)

    def clean_citizen_id(self) -> str:
        value = self.cleaned_data["citizen_id"].strip()
        if not value.isdigit() or len(value) != 12:
            raise forms.ValidationError(_("A personal ID number has 12 digits."))
        return value


class EmployerNewForm(forms.Form):
    unit_code = forms.CharField(label=_("Unit code"), max_length=24,
                                help_text=_("Tax code (10 digits) or budget code (7), group code, e.g. 0123456789DN"),
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))
    name = forms.CharField(label=_("Name"), max_length=250)
    tax_code = forms.CharField(label=_("Tax code"), required=False, max_length=14,
                               widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))
    ownership_type = forms.ChoiceField(label=_("Ownership type"), choices=OwnershipType.choices)
    sector = forms.ChoiceField(label=_("Economic sector (VSIC)"), choices=[(k, f"{k} — {v}") for k, v in SECTORS])
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    address_line = forms.CharField(label=_("House number, street, hamlet"), required=False, max_length=200)
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("Email"), required=False)

    field_order = ["unit_code", "name", "tax_code", "ownership_type", "sector", "start_date", "address_commune_id",
                   "address_line", "phone", "email"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the sector names in the language of the request (a list built at import would keep the first language)
        self.fields["sector"].choices = [(k, f"{k} — {v}") for k, v in SECTORS]
        self.fields["address_commune_id"] = commune_field(user, required=True, label=_("Commune"))
        self.order_fields(self.field_order)
