"""Contribution calculators (compulsory SI/HI/UI, voluntary SI, household HI, HI by group, late interest)."""

from __future__ import annotations

from ansinh.rules.catalogue import CalculatorSpec
from ansinh.rules.compliance import fines
from ansinh.rules.contributions import compulsory, hi_groups, household_hi, interest, student_hi, voluntary

CALCULATORS: dict[str, CalculatorSpec] = {
    spec.kind: spec
    for spec in (
        CalculatorSpec(
            "contribution",
            "Compulsory SI/HI/UI due for a declared salary in a month, per fund and payer",
            compulsory.run,
            {"salary": 10_000_000, "month": "2026-03", "region": 1},
            fields=("salary", "month", "region", "commune", "pay_scale", "oa_rate", "employer"),
            date_field="month",
            types={"commune": "str"},
        ),
        CalculatorSpec(
            "voluntary-si",
            "Voluntary SI due for a chosen income, payment mode and State-support group",
            voluntary.run,
            {"income": 1_500_000, "month": "2026-03", "mode": "monthly", "group": "poor"},
            fields=("income", "month", "mode", "months", "group", "monthly_fund_rate"),
            date_field="month",
            types={"months": "int", "monthly_fund_rate": "str"},
        ),
        CalculatorSpec(
            "household-hi",
            "Household HI due for n members (100/70/60/50/40%) for 3, 6 or 12 months",
            household_hi.run,
            {"members": 2, "month": "2026-03", "months": 12},
            fields=("members", "month", "months", "province", "local"),
            nested={"local": ("lists", "age", "has_card")},
            date_field="month",
            types={"province": "str", "local": "list"},
        ),
        CalculatorSpec(
            "hi-group",
            "HI due for a participant group and who pays it (employer, person, State, SI or UI fund), by the law of the "
            "month from 1995 (groups held per period)",
            hi_groups.run,
            {"group": "student", "month": "2026-03", "months": 12},
            fields=("group", "month", "months", "base", "province", "lists", "age", "has_card"),
            date_field="month",
            types={"province": "str", "lists": "list", "age": "int", "has_card": "bool"},
        ),
        CalculatorSpec(
            "student-hi",
            "Pupil/student HI for an academic year: card period by grade, State, province and student shares",
            student_hi.run,
            {"level": "general", "grade": 5, "year": 2026, "province": "96"},
            fields=("level", "grade", "year", "birth_date", "enrolment", "course_end", "final_year", "to_year_end",
                    "province", "lists"),
            date_field="year",
            types={"birth_date": "date", "enrolment": "date", "course_end": "date", "final_year": "bool", "to_year_end": "bool", "province": "str", "lists": "list"},
        ),
        CalculatorSpec(
            "si-fine",
            "Administrative fine for late payment or evasion by the decree in force on the date of the act",
            fines.run,
            {"act": "evasion", "act_date": "2026-10-15", "amount": 200_000_000, "offender": "organisation"},
            fields=("act", "act_date", "offender", "amount", "persons", "circumstance", "ongoing_on"),
            date_field="act_date",
            types={"ongoing_on": "date"},
        ),
        CalculatorSpec(
            "late-interest",
            "Late-payment interest on an overdue amount for a date range, split at law changes",
            interest.run,
            {"amount": 100_000_000, "from": "2025-08-01", "to": "2025-08-31"},
            fields=("amount", "from", "to", "fund", "monthly_rate"),
            date_field="from",
            types={"monthly_rate": "str"},
        ),
    )
}
