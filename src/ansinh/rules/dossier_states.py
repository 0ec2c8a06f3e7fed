"""The dossier state machine of the one-stop desk, and the apology deadline (Decree 118/2025 one-stop rules as the
provincial regulations quote them: domain-vn-health-procedures-compliance §B3 — V-SEC; article numbers UNVERIFIED).

    receive ─┬─ complete ──→ received ─(hand over)→ in_processing ─(decide)→ decided ─(return)→ returned
             ├─ incomplete → supplement_requested ─(completed)→ received
             └─ refused
    withdrawn: from received, supplement_requested, in_processing
An in-processing dossier can go back to supplement_requested (the department asks for more) and be handed over
between departments (in_processing → in_processing, each hand-over a step of the control record).
"""

from __future__ import annotations

import datetime as dt

from ansinh.rules.tables import RuleError
from ansinh.rules.working_days import RULES_CALENDAR, Calendar

RECEIVED = "received"
SUPPLEMENT = "supplement_requested"
REFUSED = "refused"
IN_PROCESSING = "in_processing"
DECIDED = "decided"
RETURNED = "returned"
WITHDRAWN = "withdrawn"

STATES = (RECEIVED, SUPPLEMENT, REFUSED, IN_PROCESSING, DECIDED, RETURNED, WITHDRAWN)
OPEN = frozenset({RECEIVED, SUPPLEMENT, IN_PROCESSING})  # waiting for the agency or the applicant
RUNNING = frozenset({RECEIVED, IN_PROCESSING})  # the time limit runs (a supplement request stops it)
FINAL = frozenset({REFUSED, RETURNED, WITHDRAWN})

# action → (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "complete": (frozenset({SUPPLEMENT}), RECEIVED),
    "request_supplement": (frozenset({RECEIVED, IN_PROCESSING}), SUPPLEMENT),
    "hand_over": (frozenset({RECEIVED, IN_PROCESSING}), IN_PROCESSING),
    "decide": (frozenset({IN_PROCESSING}), DECIDED),
    "return": (frozenset({DECIDED}), RETURNED),
    "withdraw": (frozenset(OPEN), WITHDRAWN),
}


def next_state(state: str, action: str) -> str:
    """The state after `action`, or a refusal naming what is wrong."""
    try:
        sources, target = TRANSITIONS[action]
    except KeyError:
        raise RuleError("unknown_action", f"no dossier action {action!r}", field="action") from None
    if state not in sources:
        if action == "return":
            raise RuleError("no_decision", "a result cannot be returned before the dossier is decided",
                            field="action")
        raise RuleError("bad_state", f"a dossier that is {state} cannot be {action.replace('_', ' ')}",
                        field="action")
    return target


def apology_deadline(due: dt.date, calendar: Calendar = RULES_CALENDAR) -> dt.date:
    """The last day an apology for a late result may be made: one working day before the due date."""
    return calendar.previous_working_day(due)


def check_apology(*, state: str, due: dt.date, today: dt.date, new_due: dt.date,
                  calendar: Calendar = RULES_CALENDAR) -> None:
    """An apology with a new date is made no later than one working day before the due date, while the dossier is
    open, for a later date; never after the fact."""
    if state not in RUNNING:
        raise RuleError("bad_state", f"no apology for a dossier that is {state}", field="state")
    deadline = apology_deadline(due, calendar)
    if today > deadline:
        raise RuleError("apology_too_late", f"the apology had to be made by {deadline.isoformat()}, one working day "
                        f"before the due date {due.isoformat()}", field="today")
    if new_due <= due:
        raise RuleError("new_date_not_later", "the new return date must be after the due date", field="new_due")
    if not calendar.is_working_day(new_due):
        raise RuleError("not_working_day", f"the new return date {new_due.isoformat()} is not a working day",
                        field="new_due")


def about_to_be_late(*, state: str, due: dt.date | None, today: dt.date,
                     calendar: Calendar = RULES_CALENDAR) -> bool:
    """Open, with the time limit running, and today is the apology deadline or later."""
    return state in RUNNING and due is not None and today >= apology_deadline(due, calendar)


def on_time(*, due: dt.date, decided: dt.date) -> bool:
    return decided <= due
