"""The request of a dossier as form fields (desk receipt, the dossier page): one input per key of the procedure's
schema (rules.dossier_requests), named `req_<key>` (`req_changes_<key>` for a change of information), and back to
the request object the service validates. No rule here: the service refuses with `request.<key>`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from ansinh.rules import dossier_requests

LABELS = {
    "income": _("Declared monthly income (VND)"),
    "mode": _("Payment mode"),
    "months": _("Months paid"),
    "start_month": _("First month"),
    "support_group": _("State-support group"),
    "members": _("Household members enrolled (person ids, comma-separated)"),
    "payment_method": _("Payment method"),
    "method": _("Payment method"),
    "bank_account": _("Bank account number"),
    "bank_code": _("Bank"),
    "note": _("Note"),
    "commune": _("Commune of the payment point (id)"),
    "reason": _("Reason"),
    "from_month": _("From month"),
    "primary_care": _("Primary-care facility code"),
    "citizen_id": _("Citizen ID (12 digits)"),
    "full_name": _("Full name"),
    "birth_date": _("Date of birth"),
    "sex": _("Sex"),
    "address_commune": _("Commune (id)"),
    "address_line": _("Address (house, street, hamlet)"),
    "phone": _("Phone"),
    "email": _("E-mail"),
    "id_number": _("Citizen ID (12 digits)"),
    "employer": _("Employer (unit id)"),
    "start_date": _("Start date"),
    "salary": _("Monthly salary (VND)"),
    "unit_code": _("Unit code"),
    "name": _("Name"),
    "tax_code": _("Tax code"),
    "ownership_type": _("Ownership type"),
    "sector": _("Sector (VSIC section letter)"),
}
CHOICE_LABELS = {
    "monthly": _("monthly"), "quarterly": _("every 3 months"), "half_year": _("every 6 months"),
    "yearly": _("yearly"), "years_ahead": _("several years ahead"), "years_back": _("years missed (back)"),
    "bank": _("bank account"), "cash": _("cash"), "lost": _("lost"), "damaged": _("damaged"),
    "changed_info": _("information changed"), "M": _("male"), "F": _("female"), "poor": _("poor household"),
    "near_poor": _("near-poor household"), "ethnic_minority": _("ethnic minority"), "island": _("island commune"),
    "other": _("other"), "none": _("no support"),
}
INPUT_TYPES = {"int": "number", "month": "month", "date": "date", "phone": "tel", "email": "email"}


def fields(code: str, values: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The inputs of procedure `code`'s request, filled with `values` (a stored request or what was posted)."""
    values = values or {}
    spec = dossier_requests.schema(code)
    out: list[dict[str, Any]] = []
    for key, k in spec.keys.items():
        if k.kind == "changes":
            changes = values.get(key) or {}
            for name, ck in dossier_requests.CHANGE_SPECS.items():
                out.append(_field(f"req_changes_{name}", _("New value: %(what)s") % {"what": LABELS[name]}, ck,
                                  changes.get(name, ""), False))
            continue
        value = values.get(key, "")
        if k.kind == "ids" and isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        out.append(_field(f"req_{key}", LABELS.get(key, key), k, value, k.required))
    return out


def _field(name: str, label: Any, k: dossier_requests.Key, value: Any, required: bool) -> dict[str, Any]:
    return {"name": name, "label": label, "required": required, "value": "" if value is None else value,
            "type": INPUT_TYPES.get(k.kind, "text"), "choices": [(str(c), CHOICE_LABELS.get(str(c), str(c)))
                                                                   for c in k.choices]}


def parse(code: str, data: Any) -> dict[str, Any]:
    """The request posted by the form (empty inputs left out; the service checks and converts)."""
    spec = dossier_requests.schema(code)
    out: dict[str, Any] = {}
    for key, k in spec.keys.items():
        if k.kind == "changes":
            changes = {name: data.get(f"req_changes_{name}", "").strip() for name in dossier_requests.CHANGE_SPECS}
            changes = {n: v for n, v in changes.items() if v}
            if changes:
                out[key] = changes
            continue
        raw = (data.get(f"req_{key}") or "").strip()
        if not raw:
            continue
        if k.kind == "ids":
            out[key] = [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]
        else:
            out[key] = raw
    return out
