"""The procedure catalogue, due dates over weekends, Tết and compensatory days (counted by hand from the
Government's notices), the dossier state machine and the apology deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.rules import dossier_states as st
from ansinh.rules.catalogue import all_calculators
from ansinh.rules.procedures import CATALOGUE, procedure, procedures_in_force
from ansinh.rules.tables import RuleError
from ansinh.rules.working_days import (
    CALENDAR_DAYS,
    EXCL_HOLIDAYS,
    WORKING,
    Calendar,
    explain_due,
    is_working_day,
)

D = dt.date


def due(received: dt.date, n: int, unit: str = WORKING, **kw: object) -> dt.date:
    return explain_due(received, n, unit, **kw).due  # type: ignore[arg-type]


def test_tet_2025_five_working_days():
    # Fri 24/01/2025; 25–26 weekend, 27–31/01 Tết Ất Tỵ (MOLISA 6150/TB-BLĐTBXH), 01–02/02 weekend;
    # 03, 04, 05, 06, 07/02 → the 5th working day is Fri 07/02/2025
    result = explain_due(D(2025, 1, 24), 5, WORKING)
    assert result.due == D(2025, 2, 7)
    assert [s.day for s in result.skipped] == [D(2025, 1, d) for d in range(25, 32)] + [D(2025, 2, 1), D(2025, 2, 2)]
    assert "Tết" in result.skipped[2].reason_vi and result.skipped[0].reason == "Saturday"


def test_tet_2026_seven_working_days():
    # Thu 12/02/2026: 13/02 (1); 14–22/02 off (Tết Bính Ngọ 16–20/02 and two weekends); 23–27/02 (2–6); 02/03 (7)
    assert due(D(2026, 2, 12), 7) == D(2026, 3, 2)


def test_30_april_2025_with_the_saturday_worked_and_the_friday_off():
    # Saturday 26/04/2025 was worked in exchange for Friday 02/05/2025 (Government notice for civil servants)
    assert is_working_day(D(2025, 4, 26)) and not is_working_day(D(2025, 5, 2))
    assert due(D(2025, 4, 25), 3) == D(2025, 4, 29)  # 26/4 (1), 28/4 (2), 29/4 (3)
    # Tue 29/04: 30/4, 1/5 holidays, 2/5 moved off, 3–4/5 weekend → Mon 05/05 (1), Tue 06/05 (2)
    assert due(D(2025, 4, 29), 2) == D(2025, 5, 6)


def test_national_day_2025_two_days_and_2026_with_the_moved_monday():
    # 2025: Mon 01/09 and Tue 02/09 off → received Fri 29/08, 1 working day → Wed 03/09
    assert due(D(2025, 8, 29), 1) == D(2025, 9, 3)
    # 2026: Saturday 22/08 worked for Monday 31/08; 01–02/09 off → received Fri 21/08, 1 w.d. → Sat 22/08
    assert due(D(2026, 8, 21), 1) == D(2026, 8, 22)
    result = explain_due(D(2026, 8, 28), 3, WORKING)  # 29–30 weekend, 31/8 moved, 1–2/9 → 3, 4, 7/9
    assert result.due == D(2026, 9, 7)
    assert [s.day.isoformat() for s in result.skipped][:5] == ["2026-08-29", "2026-08-30", "2026-08-31",
                                                               "2026-09-01", "2026-09-02"]


def test_vietnam_cultural_day_from_2026_and_giỗ_tổ_made_up():
    assert not is_working_day(D(2026, 11, 24))  # Resolution 80-NQ/TW: 24/11 a paid day off from 2026
    assert is_working_day(D(2025, 11, 24))
    assert not is_working_day(D(2026, 4, 27))  # Giỗ Tổ on Sunday 26/04/2026, made up on Monday


def test_agency_entries_layer_on_the_rules():
    cal = Calendar(extra_off={D(2027, 5, 3): "QĐ bù 2027"}, extra_work={D(2027, 5, 8): "làm bù"})
    result = explain_due(D(2027, 4, 29), 2, WORKING, calendar=cal)
    # Fri 30/4 and Sat 1/5 holidays, Sun 2/5, Mon 3/5 (agency decision — the package also makes 1/5 up on it),
    # Tue 04/05 (1), Wed 05/05 (2)
    assert result.due == D(2027, 5, 5)
    assert cal.is_working_day(D(2027, 5, 8))


def test_pension_days_and_calendar_days():
    assert due(D(2026, 2, 10), 20, EXCL_HOLIDAYS) == D(2026, 3, 7)  # 20 days + 5 Tết days
    assert due(D(2026, 2, 10), 40, CALENDAR_DAYS) == D(2026, 3, 22)
    with pytest.raises(RuleError):
        due(D(2026, 2, 10), 4, "weeks")


def test_due_date_calculator():
    spec = all_calculators()["due-date"]
    out = spec.run({"received": "2026-02-12T16:45", "procedure": "benefit-one-time"})
    assert out.due == D(2026, 3, 2) and out.limit == 7 and "79.3" in out.basis
    assert len(out.skipped) == 11
    assert spec.run({"received": "2026-02-12", "limit": 20, "unit": EXCL_HOLIDAYS}).due == D(2026, 3, 9)
    with pytest.raises(RuleError) as exc:
        spec.run({"received": "2026-02-12", "procedure": "nope"})
    assert exc.value.field == "procedure"
    with pytest.raises(RuleError) as exc:
        spec.run({"received": "12/02/2026", "limit": 3})
    assert exc.value.field == "received"
    for end in ("17:00+07:00", "5pm"):  # the office's local hour: an offset is refused, not compared (TypeError)
        with pytest.raises(RuleError) as exc:
            spec.run({"received": "2026-02-12T16:45", "limit": 3, "office_end": end})
        assert exc.value.field == "office_end"
    assert spec.run({"received": "2026-02-12T16:45", "limit": 3, "office_end": "16:30"}).after_hours


def test_catalogue_covers_the_areas_with_a_basis():
    codes = {p.code for p in procedures_in_force(D(2026, 1, 5))}
    for code in ("reg-person", "change-info", "hi-card-issue", "hi-card-reissue", "voluntary-si", "household-hi",
                 "benefit-one-time", "payment-change", "pension-resume", "benefit-pension", "benefit-sickness",
                 "benefit-maternity", "benefit-survivor-funeral", "benefit-unemployment"):
        assert code in codes
    for p in CATALOGUE:
        assert p.basis and p.status in ("V-LAW", "V-SEC", "UNVERIFIED") and p.documents and p.channels, p.code
    assert procedure("benefit-pension", D(2026, 1, 5)).limit == 20
    with pytest.raises(RuleError) as exc:
        procedure("benefit-pension", D(2025, 6, 30))  # Decision 863 catalogue in force from 2025-07-01
    assert exc.value.code == "not_in_force"


def test_state_machine():
    assert st.next_state(st.RECEIVED, "hand_over") == st.IN_PROCESSING
    assert st.next_state(st.IN_PROCESSING, "hand_over") == st.IN_PROCESSING
    assert st.next_state(st.IN_PROCESSING, "decide") == st.DECIDED
    assert st.next_state(st.DECIDED, "return") == st.RETURNED
    assert st.next_state(st.SUPPLEMENT, "complete") == st.RECEIVED
    assert st.next_state(st.IN_PROCESSING, "withdraw") == st.WITHDRAWN
    with pytest.raises(RuleError) as exc:
        st.next_state(st.IN_PROCESSING, "return")
    assert exc.value.code == "no_decision"
    with pytest.raises(RuleError):
        st.next_state(st.RECEIVED, "decide")
    for final in st.FINAL:
        for action in st.TRANSITIONS:
            with pytest.raises(RuleError):
                st.next_state(final, action)


def test_apology_no_later_than_one_working_day_before_the_due_date():
    due_on = D(2026, 2, 23)  # Monday after Tết: the working day before is Friday 13/02
    assert st.apology_deadline(due_on) == D(2026, 2, 13)
    st.check_apology(state=st.IN_PROCESSING, due=due_on, today=D(2026, 2, 13), new_due=D(2026, 2, 27))
    with pytest.raises(RuleError) as exc:
        st.check_apology(state=st.IN_PROCESSING, due=due_on, today=D(2026, 2, 23), new_due=D(2026, 2, 27))
    assert exc.value.code == "apology_too_late"
    with pytest.raises(RuleError) as exc:
        st.check_apology(state=st.DECIDED, due=due_on, today=D(2026, 2, 10), new_due=D(2026, 2, 27))
    assert exc.value.code == "bad_state"
    with pytest.raises(RuleError) as exc:
        st.check_apology(state=st.RECEIVED, due=due_on, today=D(2026, 2, 10), new_due=D(2026, 2, 28))
    assert exc.value.code == "not_working_day"
    assert st.about_to_be_late(state=st.RECEIVED, due=due_on, today=D(2026, 2, 13))
    assert not st.about_to_be_late(state=st.RECEIVED, due=due_on, today=D(2026, 2, 12))
    assert not st.about_to_be_late(state=st.DECIDED, due=due_on, today=D(2026, 3, 12))
