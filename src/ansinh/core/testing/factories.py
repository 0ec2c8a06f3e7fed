"""factory_boy factories for tests across apps. Identifiers are valid by construction."""

from __future__ import annotations

import datetime as dt
import itertools

import factory

from ansinh.accounts.models import Role, User
from ansinh.core.identifiers import tax_check_digit
from ansinh.core.text import fold
from ansinh.places.models import AdminUnit, Level, Office, OfficeCommune, UnitMapping
from ansinh.registry.models import (
    Employer,
    Employment,
    Household,
    HouseholdMember,
    Person,
    Relationship,
    SalaryRecord,
)

OLD_FROM = dt.date(2008, 8, 1)
OLD_TO = dt.date(2025, 6, 30)
NEW_FROM = dt.date(2025, 7, 1)


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminUnit
        skip_postgeneration_save = True

    level = Level.PROVINCE
    code = factory.Sequence(lambda n: f"{90 + n % 9:02d}")
    name = factory.Sequence(lambda n: f"Tỉnh Thử {n}")
    name_search = factory.LazyAttribute(lambda o: fold(o.name))
    division_type = "tỉnh"
    valid_from = NEW_FROM
    valid_to = None

    @factory.post_generation
    def self_province(obj, create, extracted, **kwargs):
        if create and obj.province_id is None:
            obj.province = obj
            obj.save(update_fields=["province"])


_commune_codes = itertools.count(90000)


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminUnit

    level = Level.COMMUNE
    code = factory.LazyFunction(lambda: f"{next(_commune_codes):05d}")
    name = factory.Sequence(lambda n: f"Xã Thử {n}")
    name_search = factory.LazyAttribute(lambda o: fold(o.name))
    division_type = "xã"
    parent = factory.SubFactory(ProvinceFactory)
    province = factory.LazyAttribute(lambda o: o.parent.province or o.parent)
    valid_from = NEW_FROM
    valid_to = None


def _si(n: int) -> str:
    return f"{2000000000 + n:010d}"


def _citizen_id(n: int, sex: str, year: int) -> str:
    century_sex = (0 if year < 2000 else 2) + (0 if sex == "M" else 1)
    return f"020{century_sex}{year % 100:02d}{n % 1_000_000:06d}"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    name_search = factory.LazyAttribute(lambda o: fold(o.full_name))
    birth_date = dt.date(1985, 5, 17)
    birth_year = factory.LazyAttribute(lambda o: o.birth_date.year)
    sex = "M"
    ethnicity = "01"
    citizen_id = factory.LazyAttributeSequence(lambda o, n: _citizen_id(n, o.sex, o.birth_date.year))
    si_code = factory.Sequence(_si)
    address_commune = factory.SubFactory(CommuneFactory)


def _tax_code(n: int) -> str:
    for k in itertools.count(n * 7):
        first9 = f"{(k % 10**8):09d}"
        check = tax_check_digit(first9)
        if check is not None:
            return first9 + str(check)
    raise AssertionError


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    tax_code = factory.Sequence(lambda n: _tax_code(n + 1))
    unit_code = factory.LazyAttribute(lambda o: f"{o.tax_code}DN")
    name = factory.Sequence(lambda n: f"Công ty TNHH Thử Nghiệm {n}")
    name_search = factory.LazyAttribute(lambda o: fold(o.name))
    ownership_type = "private"
    sector = "C"
    address_commune = factory.SubFactory(CommuneFactory)
    start_date = dt.date(2010, 1, 1)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"HK{n:08d}")
    commune = factory.SubFactory(CommuneFactory)
    head = factory.SubFactory(PersonFactory, address_commune=factory.SelfAttribute("..commune"))

    @factory.post_generation
    def head_member(obj, create, extracted, **kwargs):
        if create and obj.head_id:
            HouseholdMember.objects.create(household=obj, person=obj.head, relationship=Relationship.HEAD, valid_from=dt.date(2020, 1, 1))


class EmploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employment
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    employer = factory.SubFactory(EmployerFactory)
    valid_from = dt.date(2020, 1, 1)
    contract_type = "indefinite"

    @factory.post_generation
    def salary(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            SalaryRecord.objects.create(employment=obj, valid_from=obj.valid_from, salary=extracted or 8_000_000)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.COLLECTION_OFFICER
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-1")

    @factory.post_generation
    def units(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.units.set(extracted)
        if create:
            obj.save()


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    code = factory.Sequence(lambda n: f"OFF{n:03d}")
    name = factory.Sequence(lambda n: f"BHXH cơ sở Thử {n}")
    kind = Office.Kind.LOCAL
    province = factory.SubFactory(ProvinceFactory)
    valid_from = NEW_FROM


def serve(office: Office, *communes: AdminUnit, valid_from: dt.date = NEW_FROM) -> None:
    OfficeCommune.objects.bulk_create([OfficeCommune(office=office, commune=c, valid_from=valid_from) for c in communes])


def map_old_to_new(old: AdminUnit, new: AdminUnit) -> UnitMapping:
    return UnitMapping.objects.create(old=old, new=new, evidence=UnitMapping.Evidence.NAME)
