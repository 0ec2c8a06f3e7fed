"""The synthetic demo province: `generate_province(persons=..., seed=..., province="20")`.

Deterministic: the same persons, seed and province give the same rows (ids are offsets from the tables' current
maximum). Set-based: persons are made in chunks of CHUNK_SIZE with `numpy.random.default_rng([seed, chunk])` and
written with COPY (PostgreSQL) or executemany (SQLite); memory does not grow with the number of persons.
The whole run is one transaction: a failure leaves nothing behind. See docs/generator.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ansinh.core.errors import ApplicationError
from ansinh.registry.generate.demography import AS_OF
from ansinh.registry.generate.employers import employer_count, make_employers
from ansinh.registry.generate.jobs import EmployerPools, make_jobs
from ansinh.registry.generate.people import IdentityState, make_people
from ansinh.registry.generate.units import load_province
from ansinh.registry.generate.writer import BulkWriter
from ansinh.registry.models import (
    Employer,
    Employment,
    GeneratedDataset,
    Household,
    HouseholdMember,
    Person,
    SalaryRecord,
)

GENERATOR_VERSION = 1
CHUNK_SIZE = 50_000
DEFAULT_PERSONS = 800_000  # Lạng Sơn: ~800,000 people (2024)
TABLES: tuple[tuple[str, type], ...] = (
    ("persons", Person), ("households", Household), ("household_members", HouseholdMember),
    ("employers", Employer), ("employments", Employment), ("salary_records", SalaryRecord),
)
_EMPLOYERS_STREAM = 0x454D50  # "EMP": the employers' random stream, apart from the chunks' [seed, chunk]
_IDENTITY_STREAM = 0x4944  # "ID"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class GenerateResult:
    dataset: GeneratedDataset
    reused: bool

    @property
    def summary(self) -> dict:
        return self.dataset.summary


def parameters(*, persons: int, seed: int, province: str, chunk_size: int = CHUNK_SIZE) -> dict:
    return {"province": province, "persons": persons, "seed": seed, "chunk_size": chunk_size,
            "as_of": AS_OF.isoformat(), "version": GENERATOR_VERSION}


def _intact(dataset: GeneratedDataset) -> bool:
    """The dataset's first and last person are still there (cheap; --force rebuilds a damaged dataset)."""
    low, high = dataset.summary.get("id_ranges", {}).get("persons", (1, 0))
    return Person.objects.filter(id__in=[low, high]).count() == len({low, high})


def _foreign_persons() -> int:
    """Persons not made by a generated dataset still on record."""
    generated = Q()
    for ds in GeneratedDataset.objects.all():
        low, high = ds.summary.get("id_ranges", {}).get("persons", (1, 0))
        generated |= Q(id__range=(low, high))
    qs = Person.objects.all() if not generated else Person.objects.exclude(generated)
    return qs.count()


def _between(field: str, bounds: list[int]) -> Q:
    return Q(**{f"{field}__gte": bounds[0], f"{field}__lte": bounds[1]})


def _delete_generated(writer: BulkWriter, progress: Progress) -> None:
    """Remove every generated dataset's rows (and the rows hanging from its persons, households, employers)."""
    alias = writer.connection.alias
    for ds in GeneratedDataset.objects.order_by("id"):
        ranges = ds.summary.get("id_ranges", {})
        p, h, e = ranges.get("persons"), ranges.get("households"), ranges.get("employers")
        jobs = Q(pk__in=[])
        if p:
            jobs |= _between("person_id", p)
        if e:
            jobs |= _between("employer_id", e)
        SalaryRecord.objects.filter(employment__in=Employment.objects.filter(jobs).values("id"))._raw_delete(alias)
        Employment.objects.filter(jobs)._raw_delete(alias)
        members = Q(pk__in=[])
        if p:
            members |= _between("person_id", p)
        if h:
            members |= _between("household_id", h)
        HouseholdMember.objects.filter(members)._raw_delete(alias)
        if h:
            writer.delete_range(Household, "id", *h)
        if p:
            Household.objects.filter(_between("head_id", p))._raw_delete(alias)
            writer.delete_range(Person, "id", *p)
        if e:
            writer.delete_range(Employer, "id", *e)
        progress(f"removed generated dataset #{ds.id} ({ds.summary.get('persons', '?')} persons)")
        ds.delete()


def generate_province(*, persons: int = DEFAULT_PERSONS, seed: int = 1, province: str = "20", force: bool = False,
                      chunk_size: int = CHUNK_SIZE, progress: Progress | None = None) -> GenerateResult:
    say = progress or (lambda _msg: None)
    province = province.strip().zfill(2)
    if persons < 1:
        raise ApplicationError("bad_persons", "--persons must be at least 1", field="persons")
    if seed < 0:
        raise ApplicationError("bad_seed", "--seed must be zero or positive", field="seed")
    place = load_province(province)
    params = parameters(persons=persons, seed=seed, province=province, chunk_size=chunk_size)

    existing = list(GeneratedDataset.objects.order_by("id"))
    if not force:
        for ds in existing:
            if ds.parameters == params and _intact(ds):
                return GenerateResult(ds, reused=True)
        if existing:
            ds = existing[-1]
            raise ApplicationError(
                "dataset_exists",
                f"A generated dataset is already there (#{ds.id}: province {ds.province_code}, {ds.persons} persons, "
                f"seed {ds.seed}); use --force to replace it.",
            )
    foreign = _foreign_persons()
    if foreign:
        raise ApplicationError(
            "registry_not_empty",
            f"The registry holds {foreign} persons that no generated dataset made: the generator will not mix "
            "synthetic people with them (nor delete them). Use an empty database.",
        )

    started = time.monotonic()
    writer = BulkWriter()
    try:
        with transaction.atomic():
            writer.begin()
            if force:
                _delete_generated(writer, say)
            dataset = _generate(writer, place, params, say)
            dataset.summary["seconds"] = round(time.monotonic() - started, 1)
            dataset.save(update_fields=["summary"])
        writer.analyze([model for _, model in TABLES])
    except IntegrityError as exc:
        raise ApplicationError("generate_failed", f"Nothing was written: {exc}") from exc
    return GenerateResult(dataset, reused=False)


def _generate(writer: BulkWriter, place, params: dict, say: Progress) -> GeneratedDataset:
    persons, seed, chunk_size = params["persons"], params["seed"], params["chunk_size"]
    stamp = writer.stamp(timezone.now())
    first = {name: writer.next_id(model) for name, model in TABLES}
    nxt = dict(first)
    t0 = time.monotonic()

    employers = make_employers(np.random.default_rng([seed, _EMPLOYERS_STREAM]), employer_count(persons), place,
                               first["employers"], stamp)
    writer.write(Employer, employers.columns)
    nxt["employers"] += len(employers)
    pools = EmployerPools.of(employers)
    ident = IdentityState.create(np.random.default_rng([seed, _IDENTITY_STREAM]), place.code)
    say(f"{place.name}: {len(place.communes)} communes, {len(employers)} employers")

    chunks = (persons + chunk_size - 1) // chunk_size
    workers = 0
    for chunk in range(chunks):
        t = time.monotonic()
        n = min(chunk_size, persons - chunk * chunk_size)
        rng = np.random.default_rng([seed, chunk])
        people = make_people(rng, n, place, ident, nxt["persons"], nxt["households"], nxt["household_members"],
                             chunk * chunk_size, stamp)
        jobs = make_jobs(rng, people, employers, pools, nxt["employments"], nxt["salary_records"], stamp)
        counts = {
            "persons": writer.write(Person, people.persons),
            "households": writer.write(Household, people.households),
            "household_members": writer.write(HouseholdMember, people.members),
            "employments": writer.write(Employment, jobs.employments),
            "salary_records": writer.write(SalaryRecord, jobs.salaries),
        }
        for key, value in counts.items():
            nxt[key] += value
        workers += jobs.workers
        say(f"chunk {chunk + 1}/{chunks}: {counts['persons']:,} persons, {counts['households']:,} households, "
            f"{counts['employments']:,} employments, {counts['salary_records']:,} salary records "
            f"({time.monotonic() - t:.1f} s)")

    writer.reset_sequences([model for _, model in TABLES])
    summary = {name: nxt[name] - first[name] for name, _ in TABLES}
    summary["persons_employed"] = workers
    summary["id_ranges"] = {name: [first[name], nxt[name] - 1] for name, _ in TABLES if nxt[name] > first[name]}
    summary["seconds_writing"] = round(time.monotonic() - t0, 1)
    return GeneratedDataset.objects.create(
        province_code=place.code, persons=persons, seed=seed, parameters=params, summary=summary
    )
