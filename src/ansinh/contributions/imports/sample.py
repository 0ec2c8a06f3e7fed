"""Write the sample D02-LT list `contributions/fixtures/sample-d02lt.xlsx` (and its XML twin with --xml).

    .venv/bin/python -m ansinh.contributions.imports.sample [--xml] [OUT]

Every value is invented: the citizen IDs use province code 020 with serial numbers 09999x, the SI numbers are
serials, the unit code is a placeholder. The existing persons (DC, GH lines) are not in any database: load the file
against the demo province only to see the errors it is refused with."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from ansinh.rules.periods import Month

PERIOD = Month(2026, 3)
UNIT_CODE = "0100000001DN"
ROWS = [
    {"full_name": "Nguyễn Thị Mẫu", "citizen_id": "020195099991", "birth_date": dt.date(1995, 7, 14), "sex": "Nữ",
     "commune_code": "05986", "address_line": "Số 1 đường Thử", "ethnicity": "01", "nationality": "VN",
     "position": "Nhân viên kế toán", "contract_type": "Không xác định thời hạn", "salary": 7_500_000,
     "from_month": PERIOD, "declaration_type": 1, "action": "TM", "note": "Tăng mới"},
    {"full_name": "Hoàng Văn Mẫu", "citizen_id": "020088099992", "si_code": "2099999992", "birth_date": "1988",
     "sex": "Nam", "commune_code": "06001", "contract_type": "fixed_12_36", "position": "Lái xe",
     "salary": 6_200_000, "from_month": PERIOD, "declaration_type": 1, "action": "TM"},
    {"full_name": "Lý Thị Tăng", "si_code": "2099999993", "salary": 9_000_000, "from_month": Month(2026, 2),
     "declaration_type": 2, "action": "DC", "note": "Điều chỉnh lương từ tháng 02 (truy thu)"},
    {"full_name": "Nông Văn Nghỉ", "si_code": "2099999994", "from_month": PERIOD, "declaration_type": 3,
     "action": "GH", "note": "Nghỉ việc, chấm dứt HĐLĐ"},
]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--xml", action="store_true", help="write the XML form instead")
    parser.add_argument("out", nargs="?", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansinh.config.settings")
    import django

    django.setup()
    from ansinh.contributions.imports.d02lt import write_xlsx, write_xml

    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    if args.xml:
        out = args.out or fixtures / "sample-d02lt.xml"
        out.write_bytes(write_xml(ROWS, unit_code=UNIT_CODE, period=PERIOD))
    else:
        out = args.out or fixtures / "sample-d02lt.xlsx"
        out.write_bytes(write_xlsx(ROWS, unit_code=UNIT_CODE, unit_name="Công ty TNHH Mẫu (ví dụ)", period=PERIOD))
    print(out)


if __name__ == "__main__":
    main()
