"""Employer/employee data for the contribution benchmarks, built set-based (numpy + bulk insert): N employees in
N/35 employers on the real communes of Lạng Sơn, salaries log-normal around the regional minimum wage, employed
since 2024 on open-ended contracts."""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from ansinh.core.bulk import insert_rows, next_ids
from ansinh.core.identifiers import tax_check_digit

EMPLOYEES_PER_EMPLOYER = 35


def build(employees: int, seed: int = 1) -> None:
    from ansinh.places.models import AdminUnit, Level
    from ansinh.registry.models import Person

    if Person.objects.filter(si_code__startswith="99").exists():
        print(f"bench data present ({Person.objects.count():,} persons)")
        return
    started = time.monotonic()
    rng = np.random.default_rng(seed)
    communes = list(AdminUnit.objects.current().filter(level=Level.COMMUNE, province__code="20").values_list("id", flat=True))
    n_employers = max(1, employees // EMPLOYEES_PER_EMPLOYER)
    now = timezone.now()
    with transaction.atomic():
        employer_ids = next_ids("registry_employer", n_employers)
        employer_commune = rng.choice(communes, size=n_employers)

        def tax(i: int) -> str:
            k = i * 13 + 5
            while True:
                first9 = f"{k % 10**9:09d}"
                check = tax_check_digit(first9)
                if check is not None:
                    return first9 + str(check)
                k += 1

        insert_rows("registry_employer", ("id", "unit_code", "tax_code", "name", "name_search", "ownership_type",
                                          "sector", "address_commune_id", "address_line", "phone", "email", "status",
                                          "start_date", "created_at", "updated_at"),
                    ((eid, f"{tax(i)}DN", None, f"Công ty Bench {i}", f"cong ty bench {i}", "private", "C",
                      int(employer_commune[i]), "", "", "", "active", dt.date(2010, 1, 1), now, now)
                     for i, eid in enumerate(employer_ids)))
        person_ids = next_ids("registry_person", employees)
        sexes = rng.choice(["M", "F"], size=employees)
        years = rng.integers(1966, 2006, size=employees)
        person_commune = rng.choice(communes, size=employees)
        insert_rows("registry_person", ("id", "citizen_id", "si_code", "full_name", "name_search", "birth_date",
                                        "birth_precision", "birth_year", "sex", "ethnicity", "nationality",
                                        "address_commune_id", "address_line", "phone", "created_at", "updated_at"),
                    ((pid, None, f"99{i:08d}", f"Người Lao Động {i}", f"nguoi lao dong {i}", dt.date(int(years[i]), 1, 1),
                      "Y", int(years[i]), str(sexes[i]), "01", "VN", int(person_commune[i]), "", "", now, now)
                     for i, pid in enumerate(person_ids)))
        employment_ids = next_ids("registry_employment", employees)
        employer_of = rng.integers(0, n_employers, size=employees)
        insert_rows("registry_employment", ("id", "person_id", "employer_id", "valid_from", "valid_to", "position",
                                            "contract_type", "workplace_commune_id", "created_at"),
                    ((emp_id, person_ids[i], employer_ids[int(employer_of[i])], dt.date(2024, 1, 1), None, "",
                      "indefinite", None, now) for i, emp_id in enumerate(employment_ids)))
        salaries = (np.exp(rng.normal(np.log(7_500_000), 0.55, size=employees)) // 1000 * 1000).astype(np.int64)
        salaries = np.maximum(salaries, 5_310_000)  # at least the highest regional minimum of 2026
        salary_ids = next_ids("registry_salaryrecord", employees)
        insert_rows("registry_salaryrecord", ("id", "employment_id", "valid_from", "valid_to", "kind", "salary"),
                    ((sid, employment_ids[i], dt.date(2024, 1, 1), None, "employer", int(salaries[i]))
                     for i, sid in enumerate(salary_ids)))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"built {employees:,} employees in {n_employers:,} employers in {time.monotonic() - started:.1f} s")
