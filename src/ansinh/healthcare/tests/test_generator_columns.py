"""The clean visits made by columns (generator_columns): the very columns the file path (to_raw → normalise) writes
for the same visits; the same distribution as the visits made one by one; a generated month mixing both paths has
its planted errors found and nothing else, and is written once."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import numpy as np
import pytest

from ansinh.core.testing import factories as f
from ansinh.healthcare import generator_columns as gc
from ansinh.healthcare.generator import (
    KINDS,
    _Builder,
    _Line,
    _pick,
    _Visit,
    facility_specs,
    synthetic_cards,
    to_raw,
)
from ansinh.healthcare.intake import normalise
from ansinh.healthcare.models import ClaimFile, Episode, Finding, Line
from ansinh.healthcare.simulate import claims_generate
from ansinh.healthcare.tests.test_generator import found
from ansinh.rules import healthcare as hc
from ansinh.rules.periods import Month

M = Month(2025, 9)


def _value(v):
    return v.item() if hasattr(v, "item") else v


def _column(columns: dict, name: str, i: int):
    v = columns[name]
    if isinstance(v, (list, np.ndarray)):
        return _value(v[i])
    return v


def test_columns_equal_the_file_path():
    specs = facility_specs("20", 6)
    cards = synthetic_cards("20", 3000, M.first_day, 7)
    by_number = {c.number: c for c in cards}
    batches = list(gc.clean_visits(cards, facilities=specs, month=M, seed=7, visits_per_year=12, first_seq=100,
                                   batch_size=1000))
    assert sum(b.n for b in batches) == 3000
    checked = 0
    for batch in batches:
        ep, ln = batch.episodes, batch.lines
        for i in range(0, batch.n, 7):  # every 7th visit of each batch
            mine = [k for k in range(len(batch.line_visit)) if batch.line_visit[k] == i]
            rows = [{c: _column(ln, c, k) for c in ln} for k in mine]
            card = by_number[ep["card_number"][i]]
            minutes = lambda m: hc.EPOCH + dt.timedelta(minutes=int(m))  # noqa: E731
            xml3 = sorted((r for r in rows if r["table"] == "XML3"), key=lambda r: r["stt"])
            xml2 = sorted((r for r in rows if r["table"] == "XML2"), key=lambda r: r["stt"])
            v = _Visit(card, ep["facility_code"][i], ep["registered_code"][i], ep["visit_type"][i],
                       minutes(ep["admitted"][i]), minutes(ep["discharged"][i]), int(ep["treatment_days"][i]),
                       [_Line(r["table"], r["kind"], r["code"], r["name"], r["group"], r["qty_milli"] // 1000,
                              r["price_milli"] // 1000, minutes(r["ordered"])) for r in xml3 + xml2],
                       ma_lk=ep["ma_lk"][i])
            problems: list = []
            n = normalise(to_raw(v, M), problems)
            assert problems == [] and n is not None
            for name, expected in n.episode.items():
                if name == "digest":
                    continue
                got = _column(ep, name, i)
                if name == "xml1":
                    got = json.loads(got)
                assert got == expected, (name, got, expected)
            assert len(n.lines) == len(rows)
            for want, got in zip(n.lines, xml2 + xml3, strict=True):
                for name, expected in want.items():
                    assert got[name] == expected, (name, got[name], expected)
            checked += 1
    assert checked > 300


def test_same_distribution_as_one_by_one():
    """Visit types, lines per visit, inpatient length and amounts within a few percent of _Builder.visit's."""
    import random

    specs = facility_specs("20", 6)
    cards = synthetic_cards("20", 20_000, M.first_day, 3)
    b = _Builder(facilities=specs, month=M, seed=3)
    rng = random.Random(11)
    one = [b.visit(c, _pick(rng, (("01", 0.70), ("02", 0.06), ("03", 0.12), ("04", 0.02), ("05", 0.10))))
           for c in cards]
    cols = list(gc.clean_visits(cards, facilities=specs, month=M, seed=3, visits_per_year=12, first_seq=0))
    vt = np.concatenate([np.asarray(x.episodes["visit_type"]) for x in cols])
    lines = sum(len(x.line_visit) for x in cols)
    total = sum(int(np.sum(x.episodes["t_tongchi_bh"])) for x in cols)
    one_total = sum(ln.qty * ln.price for v in one for ln in v.lines)
    assert len(vt) == len(one) == 20_000
    a, c = Counter(v.visit_type for v in one), Counter(vt.tolist())
    for t in ("01", "02", "03", "04", "05"):
        assert abs(a[t] - c[t]) < 0.1 * a[t] + 60, t
    assert abs(lines / sum(len(v.lines) for v in one) - 1) < 0.03
    assert abs(total / one_total - 1) < 0.05
    days = [v.days for v in one if v.visit_type == "03"]
    mine = np.concatenate([np.asarray(x.episodes["treatment_days"])[np.asarray(x.episodes["visit_type"]) == "03"]
                           for x in cols])
    assert abs(np.mean(mine) - np.mean(days)) < 0.2


@pytest.mark.django_db
def test_month_by_both_paths_planted_found_nothing_else_and_written_once():
    p = f.ProvinceFactory(code="20", name="Tỉnh Lạng Sơn")
    f.CommuneFactory(parent=p)
    planted = claims_generate(province_code="20", month=M, cards=4000, seed=5, errors_per_kind=1, visits_per_year=12,
                              python_visits=700)
    columns = ClaimFile.objects.filter(file_name__endswith="-columns")
    assert columns.exists()
    made = sum(x.episodes for x in columns)
    assert 3000 <= made <= 3400  # the cards after the first 700 all visit once
    expected = {(x.facility_code, x.ma_lk, x.table, x.stt, x.check) for x in planted}
    assert found() == expected
    assert {x.check for x in planted} >= set(KINDS) - {"C05"}, set(KINDS) - {x.check for x in planted}
    # V02 and the cross-facility checks see the lines' cards
    assert not Line.objects.exclude(card_number__in=Episode.objects.values("card_number")).exists()
    episodes, lines, findings = Episode.objects.count(), Line.objects.count(), Finding.objects.count()
    claims_generate(province_code="20", month=M, cards=4000, seed=5, errors_per_kind=1, visits_per_year=12,
                    python_visits=700)
    assert (Episode.objects.count(), Line.objects.count(), Finding.objects.count()) == (episodes, lines, findings)
    assert not Episode.objects.filter(version__gt=1).exists()
