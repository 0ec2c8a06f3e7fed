"""ansinh compliance_demo: lists from other bodies for the demo province, generated from its registry with planted
near-duplicates (names without accents, abbreviated, in another word order) and missing people and units; then
the month is checked, reminders are made and one check case is opened. Idempotent: a list already imported
(same file) is skipped; detection re-runs in place. Seconds at 20,000 persons."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ansinh.accounts.models import User
from ansinh.compliance.models import CheckCase, SourceList
from ansinh.compliance.reading import MAX_BYTES, MAX_ROWS
from ansinh.compliance.services import enforcement
from ansinh.compliance.services.detect import detect
from ansinh.compliance.services.lists import list_import
from ansinh.core.errors import Conflict, FileErrors
from ansinh.core.identifiers import tax_check_digit
from ansinh.core.text import fold
from ansinh.coverage.models import HICard, Participation
from ansinh.coverage.services.cards import cards_issue
from ansinh.registry.models import Employer, Person
from ansinh.rules.periods import Month

ABBREVIATE = (("Công ty trách nhiệm hữu hạn", "Cty TNHH"), ("Công ty TNHH", "Cty TNHH"), ("Công ty cổ phần", "Cty CP"),
              ("Công ty Cổ phần", "Cty CP"), ("Thương mại", "TM"), ("Dịch vụ", "DV"), ("Xây dựng", "XD"),
              ("Hợp tác xã", "HTX"), ("Doanh nghiệp tư nhân", "DNTN"))


def _csv(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def _csv_files(rows: list[list[Any]], limit: int = MAX_BYTES * 9 // 10, max_lines: int = MAX_ROWS
               ) -> list[bytes]:
    """The list as one CSV file, or as several with the same header where one would pass the import's limits of
    size or lines (a full-size province's pupils or children: each body sends its list in parts, as education
    offices do per district)."""
    data = _csv(rows)
    lines = len(rows) - 1
    if (len(data) <= limit and lines <= max_lines) or lines < 2:
        return [data]
    parts = max(-(-len(data) // limit) + 1, -(-lines // max_lines))
    size = -(-lines // parts)
    return [_csv([rows[0], *rows[i:i + size]]) for i in range(1, len(rows), size)]


def _abbreviate(name: str) -> str:
    for long, short in ABBREVIATE:
        name = name.replace(long, short)
    return name


def _swap(name: str) -> str:
    words = name.split()
    return " ".join(words[:-2] + words[-1:] + words[-2:-1]) if len(words) > 3 else name


def _new_tax_code(rng: random.Random, taken: set[str]) -> str:
    while True:
        first9 = f"49{rng.randrange(10**7):07d}"
        check = tax_check_digit(first9)
        code = f"{first9}{check}" if check is not None else ""
        if code and code not in taken:
            taken.add(code)
            return code


class Command(BaseCommand):
    help = "Demo lists (tax, business registry, schools, communes, children under 6) with planted near-duplicates."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--province", default="20")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **opts: Any) -> None:
        started = time.monotonic()
        code, rng = opts["province"], random.Random(opts["seed"])
        actor = User.objects.filter(is_superuser=True).order_by("id").first()
        if actor is None:
            self.stderr.write("no administrator yet: run `ansinh demo` first")
            return
        today = timezone.localdate()
        period = Month.of(today) - 1
        employers = list(Employer.objects.filter(address_commune__province__code=code, status="active")
                         .select_related("address_commune").order_by("id"))
        persons = list(Person.objects.filter(address_commune__province__code=code, death_date__isnull=True)
                       .select_related("address_commune").order_by("id")
                       .values_list("id", "citizen_id", "full_name", "birth_date", "address_commune__code"))
        if not employers or not persons:
            self.stderr.write(f"province {code} has no generated registry: run `ansinh generate` first")
            return
        taken = set(Employer.objects.exclude(tax_code=None).values_list("tax_code", flat=True))
        lists = {
            "tax_enterprises": ("Cục Thuế tỉnh (demo)", self._tax(employers, rng, taken, today)),
            "business_registrations": ("Sở Tài chính — đăng ký kinh doanh (demo)",
                                       self._registry(employers, rng, taken, today)),
            "school_pupils": ("Sở Giáo dục và Đào tạo (demo)", self._pupils(persons, rng, today)),
            "state_budget_group": ("UBND các xã (demo)", self._groups(persons, rng, today)),
            "children_under_6": ("Công an tỉnh — dữ liệu dân cư (demo)", self._children(persons, rng, today)),
        }
        for kind, (source, rows) in lists.items():
            files = _csv_files(rows)
            for k, data in enumerate(files, start=1):
                name = f"{kind}-demo.csv" if len(files) == 1 else f"{kind}-demo-{k}-of-{len(files)}.csv"
                t = time.monotonic()
                try:
                    sl = list_import(actor=actor, kind=kind, source=source, source_date=today - dt.timedelta(days=5),
                                     province_code=code, file_name=name, data=data)
                except Conflict:
                    self.stdout.write(f"  {name}: already imported")
                    continue
                except FileErrors as exc:
                    for e in exc.details[:10]:
                        self.stderr.write(f"  {name} line {e['line']}: {e['field']}: {e['message']}")
                    raise CommandError(f"{name}: {exc.message}") from None
                self.stdout.write(f"  {name}: {sl.rows} lines, {sl.summary} in {time.monotonic() - t:.1f} s")
        self._cards(code, rng, today, actor)
        t = time.monotonic()
        counts = detect(actor=actor, province_code=code, period=period)
        self.stdout.write(f"  detection {period}: {counts} in {time.monotonic() - t:.1f} s")
        letters = enforcement.reminders_generate(actor=actor, period=period, sent_on=today)
        self.stdout.write(f"  reminders: {len(letters)}")
        if not CheckCase.objects.exists() and letters:
            enforcement.check_open(actor=actor, employer_id=letters[0].employer_id, kind="unannounced",
                                   opened_on=today, scope="BHXH, BHYT, BHTN 01/2025 – nay", team="Đoàn kiểm tra số 1",
                                   documents="bảng lương, hợp đồng lao động, danh sách lao động",
                                   reminder_id=letters[0].id)
        self.stdout.write(self.style.SUCCESS(f"compliance demo ready in {time.monotonic() - started:.1f} s "
                                             f"({SourceList.objects.count()} lists)"))

    # --- the lists -------------------------------------------------------------------------------------------

    def _tax(self, employers: list[Employer], rng: random.Random, taken: set[str], today: dt.date) -> list[list[Any]]:
        rows: list[list[Any]] = [["Mã số thuế", "Tên doanh nghiệp", "Địa chỉ", "Mã xã", "Trạng thái",
                                  "Ngày thành lập", "Chi phí tiền lương", "Số lao động"]]
        for i, e in enumerate(employers):
            if not e.tax_code:
                continue
            heads = rng.randint(3, 40)
            if i % 9 == 0:
                heads += rng.randint(3, 15)  # planted: more workers than in SI
            wage = heads * rng.randint(6, 12) * 1_000_000 * 12
            rows.append([e.tax_code, _abbreviate(e.name) if i % 3 == 0 else e.name, e.address_line,
                         e.address_commune.code, "Đang hoạt động", e.start_date.strftime("%d/%m/%Y"), wage, heads])
        for k in range(max(5, len(employers) // 20)):  # planted: active units with a tax code, never enrolled
            e = rng.choice(employers)
            established = today - dt.timedelta(days=rng.randint(100, 900))
            rows.append([_new_tax_code(rng, taken), f"Công ty TNHH {['Phúc', 'An', 'Minh', 'Thịnh'][k % 4]} "
                         f"{['Hưng', 'Khang', 'Đạt', 'Lộc'][k % 4]} {k + 1}", "", e.address_commune.code,
                         "Đang hoạt động", established.strftime("%d/%m/%Y"), 0, rng.randint(2, 25)])
        return rows

    def _registry(self, employers: list[Employer], rng: random.Random, taken: set[str], today: dt.date
                  ) -> list[list[Any]]:
        rows: list[list[Any]] = [["Mã số doanh nghiệp", "Tên doanh nghiệp", "Địa chỉ", "Mã xã", "Ngày đăng ký"]]
        for k, e in enumerate(rng.sample(employers, min(12, len(employers)))):
            # planted near-duplicates: a branch registered under the unit's name spelt another way
            name = [fold(e.name).upper(), _abbreviate(e.name), _swap(e.name)][k % 3]
            rows.append([f"{e.tax_code}-{k + 1:03d}" if e.tax_code else _new_tax_code(rng, taken), name,
                         e.address_line, e.address_commune.code, (today - dt.timedelta(days=200)).strftime("%d/%m/%Y")])
        for k in range(8):  # new registrations, some too recent to be late
            e = rng.choice(employers)
            rows.append([_new_tax_code(rng, taken), f"Hợp tác xã Nông nghiệp Mới {k + 1}", "", e.address_commune.code,
                         (today - dt.timedelta(days=30 + 40 * k)).strftime("%d/%m/%Y")])
        return rows

    def _pupils(self, persons: list[tuple[Any, ...]], rng: random.Random, today: dt.date) -> list[list[Any]]:
        rows: list[list[Any]] = [["Mã trường", "Tên trường", "Lớp", "Số định danh cá nhân", "Họ và tên",
                                  "Ngày sinh", "Mã xã"]]
        for _pid, cid, name, born, commune in persons:
            age = today.year - born.year
            if not 6 < age < 18:
                continue
            grade = min(12, age - 6)
            school = f"Trường {'Tiểu học' if grade <= 5 else 'THCS' if grade <= 9 else 'THPT'} xã {commune}"
            r = rng.random()
            shown_cid, shown_name = cid or "", name
            if r < 0.1:  # planted: no ID, name without accents
                shown_cid, shown_name = "", fold(name).title()
            elif r < 0.15:  # planted: no ID, family name last
                shown_cid, shown_name = "", " ".join(name.split()[1:] + name.split()[:1])
            rows.append([f"S{commune}{grade // 6}", school, f"{grade}A", shown_cid, shown_name,
                         born.strftime("%d/%m/%Y"), commune])
        return rows

    def _groups(self, persons: list[tuple[Any, ...]], rng: random.Random, today: dt.date) -> list[list[Any]]:
        rows: list[list[Any]] = [["Số định danh", "Họ và tên", "Ngày sinh", "Mã xã", "Đối tượng"]]
        groups = ["hộ nghèo", "hộ cận nghèo", "hộ cận nghèo", "hộ nông nghiệp có mức sống trung bình",
                  "huy hiệu 30 năm tuổi Đảng", "người thu gom rác"]
        for _pid, cid, name, born, commune in rng.sample(persons, min(600, len(persons))):
            if today.year - born.year < 18:
                continue
            rows.append([cid or "", name, born.strftime("%d/%m/%Y"), commune, rng.choice(groups)])
        for k in range(10):  # planted: people the registry does not know
            commune = persons[k][4]
            rows.append(["", f"Lường Văn Mới {k + 1}", f"{k + 1:02d}/03/1975", commune, "hộ nghèo"])
        return rows

    def _children(self, persons: list[tuple[Any, ...]], rng: random.Random, today: dt.date) -> list[list[Any]]:
        rows: list[list[Any]] = [["Số định danh", "Họ và tên", "Ngày sinh", "Mã xã"]]
        for _pid, cid, name, born, commune in persons:
            months = (today.year - born.year) * 12 + today.month - born.month
            if months < 72 and rng.random() < 0.9:
                rows.append([cid or "", name, born.strftime("%d/%m/%Y"), commune])
        return rows

    def _cards(self, code: str, rng: random.Random, today: dt.date, actor: Any) -> None:
        """Demo cards for about 70 % of the people on the lists (a few lapsed), so that the lists show both."""
        from ansinh.compliance.models import ListEntry

        if HICard.objects.filter(detail__source="compliance_demo").exists():
            return
        # the near-poor on the commune lists join group CN (State-supported) and get their cards from the card issue,
        # which applies the province's scheme (Lạng Sơn: near-poor to 100 %, so nothing to collect)
        near_poor = sorted(set(ListEntry.objects.filter(source_list__province__code=code, group="near_poor",
                                                        match_method__in=("id", "fuzzy"))
                               .exclude(person_id__in=HICard.objects.values("person_id"))
                               .exclude(person_id__in=Participation.objects.filter(scheme="hi").values("person_id"))
                               .values_list("person_id", flat=True)))
        month = Month.of(today)
        Participation.objects.bulk_create([
            Participation(person_id=pid, scheme="hi", hi_group="CN", payer="state_supported",
                          valid_from=month.first_day, valid_to=dt.date(today.year, 12, 31), source="list",
                          source_ref="compliance_demo") for pid in near_poor], batch_size=2000)
        run = cards_issue(period=month, actor=actor, source="demo", person_ids=near_poor)
        self.stdout.write(f"  near-poor cards: {run.summary()}")
        ids = sorted(set(ListEntry.objects.filter(source_list__province__code=code, person_id__isnull=False)
                         .exclude(source_list__kind="school_pupils")  # pupils pay through their school
                         .exclude(person_id__in=HICard.objects.values("person_id"))
                         .values_list("person_id", flat=True)))
        now = timezone.now()
        cards = []
        for pid in ids:
            r = rng.random()
            if r < 0.65:
                start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
            elif r < 0.72:
                start, end = dt.date(today.year - 1, 4, 1), (Month.of(today) - 3).last_day  # lapsed
            else:
                continue
            cards.append(HICard(person_id=pid, number=f"GD4{code}{pid:010d}"[:15], group="GD", benefit_level=4,
                                province_code=code, valid_from=start, valid_to=end, issued_at=now,
                                status=HICard.Status.ISSUED if end >= today else HICard.Status.EXPIRED,
                                detail={"source": "compliance_demo"}))
        HICard.objects.bulk_create(cards, batch_size=2000)
        self.stdout.write(f"  demo cards: {len(cards)}")
