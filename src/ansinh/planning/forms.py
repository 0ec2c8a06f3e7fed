from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.planning.models import Method, Metric, Periodicity


class PlanForm(forms.Form):
    province = forms.TypedChoiceField(label=_("Province"), coerce=int)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    method = forms.ChoiceField(
        label=_("Allocation to offices and communes"),
        choices=[(Method.POPULATION, Method.POPULATION.label), (Method.LAST_YEAR, Method.LAST_YEAR.label)],
    )
    periodicity = forms.ChoiceField(label=_("Sub-targets"), choices=Periodicity.choices)
    decision = forms.CharField(label=_("Decision"), max_length=200, required=False)
    reason = forms.CharField(label=_("Reason for the revision"), max_length=300, required=False)

    def __init__(
        self, *args: Any, provinces: list[tuple[int, str]], revising: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = provinces
        for metric in Metric:
            rate = metric in (Metric.HI_COVERAGE, Metric.DEBT_CEILING)
            self.fields[f"t_{metric.value}"] = forms.DecimalField(
                label=metric.label,
                required=False,
                min_value=0,
                max_value=100 if rate else None,
                decimal_places=2 if rate else 0,
                max_digits=18,
            )
        if revising:
            self.fields["province"].disabled = True
            self.fields["year"].disabled = True
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]

    def target_fields(self) -> list[Any]:
        return [self[f"t_{m.value}"] for m in Metric]

    def targets(self) -> dict[str, Any]:
        return {
            m.value: self.cleaned_data[f"t_{m.value}"]
            for m in Metric
            if self.cleaned_data.get(f"t_{m.value}") is not None
        }


def share_field_name(key: tuple[str, int]) -> str:
    """The form field of a child unit's share: ("office", 12) → "s_office_12"."""
    return f"s_{key[0]}_{key[1]}"


class AllocationForm(forms.Form):
    """A share per child unit of the parent (an input each, pre-filled), and why. The numbers are checked by the
    service (`targets_allocate`), whose refusals name the unit and are put back next to its input."""

    metric = forms.CharField(widget=forms.HiddenInput)
    parent = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("Optional: the decision or the reason for this allocation."),
    )

    def __init__(
        self, *args: Any, children: list[Any], initial_shares: dict[tuple[str, int], int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.children = children
        for child in children:
            name = share_field_name(child.key)
            self.fields[name] = forms.CharField(
                label=child.name,
                required=False,
                initial=initial_shares.get(child.key),
                widget=forms.NumberInput(
                    attrs={
                        "min": 0,
                        "step": 1,
                        "inputmode": "numeric",
                        "class": "share",
                        "data-unit": f"{child.key[0]}:{child.key[1]}",
                    }
                ),
            )

    def rows(self) -> list[tuple[Any, Any]]:
        """(child, bound field) in the order of the children."""
        return [(child, self[share_field_name(child.key)]) for child in self.children]

    def shares(self) -> dict[tuple[str, int], str]:
        """The raw share of each child (the service turns them into numbers, or refuses naming the unit)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {
            child.key: (data.get(share_field_name(child.key)) or "").strip().replace(" ", "")
            for child in self.children
        }
