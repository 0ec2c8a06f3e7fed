"""The contribution calculators are reachable by kind and run their own examples."""

from __future__ import annotations

import json

import pytest

from ansinh.rules.catalogue import all_calculators
from ansinh.rules.contributions import CALCULATORS
from ansinh.rules.explain import to_jsonable
from ansinh.rules.money import HALF_UP


def test_kinds() -> None:
    assert set(CALCULATORS) == {"contribution", "voluntary-si", "household-hi", "hi-group", "late-interest",
                                "student-hi", "si-fine"}
    assert set(CALCULATORS) <= set(all_calculators())


@pytest.mark.parametrize("kind", sorted(CALCULATORS))
def test_example_runs_and_explains_itself(kind: str) -> None:
    spec = CALCULATORS[kind]
    result = to_jsonable(spec.run(spec.example))
    text = json.dumps(result, ensure_ascii=False)
    assert HALF_UP in result["rounding"]
    assert result["steps"] and result["params"]
    assert all(p["basis"] and p["status"] for p in result["params"])
    assert "E+" not in text and "e+" not in text  # whole numbers print as whole numbers
