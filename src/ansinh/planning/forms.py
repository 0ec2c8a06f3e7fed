from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.planning.models import Method, Metric, Periodicity


class PlanForm(forms.Form):
    province = forms.TypedChoiceField(label=_("Province"), coerce=int)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    method = forms.ChoiceField(label=_("Allocation to offices and communes"), choices=[
        (Method.POPULATION, Method.POPULATION.label), (Method.LAST_YEAR, Method.LAST_YEAR.label)])
    periodicity = forms.ChoiceField(label=_("Sub-targets"), choices=Periodicity.choices)
    decision = forms.CharField(label=_("Decision"), max_length=200, required=False)
    reason = forms.CharField(label=_("Reason for the revision"), max_length=300, required=False)

    def __init__(self, *args: Any, provinces: list[tuple[int, str]], revising: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = provinces
        for metric in Metric:
            rate = metric in (Metric.HI_COVERAGE, Metric.DEBT_CEILING)
            self.fields[f"t_{metric.value}"] = forms.DecimalField(
                label=metric.label, required=False, min_value=0, max_value=100 if rate else None,
                decimal_places=2 if rate else 0, max_digits=18)
        if revising:
            self.fields["province"].disabled = True
            self.fields["year"].disabled = True
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]

    def target_fields(self) -> list[Any]:
        return [self[f"t_{m.value}"] for m in Metric]

    def targets(self) -> dict[str, Any]:
        return {m.value: self.cleaned_data[f"t_{m.value}"] for m in Metric
                if self.cleaned_data.get(f"t_{m.value}") is not None}
