"""Matching on planted near-duplicates with known answers: accents, abbreviations, swapped word order."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.compliance import matching
from ansinh.compliance.services.lists import match_rows
from ansinh.core.testing import factories as f

REGISTRY = {
    1: "Công ty TNHH Xây dựng Hoàng Long",
    2: "Công ty Cổ phần Thương mại Bắc Sơn",
    3: "Hợp tác xã Nông nghiệp Đồng Đăng",
    4: "Doanh nghiệp tư nhân Minh Châu",
    5: "Công ty TNHH một thành viên Dịch vụ Vận tải Kỳ Lừa",
}
# (name as it arrives on a list, expected registry id or None, expected decision)
PLANTED = [
    ("Cty TNHH XD Hoang Long", 1, "fuzzy"),  # abbreviations, no accents
    ("CÔNG TY TNHH HOÀNG LONG XÂY DỰNG", 1, "fuzzy"),  # swapped order, upper case
    ("Công ty CP TM Bắc Sơn", 2, "fuzzy"),
    ("HTX Nong nghiep Dong Dang", 3, "fuzzy"),
    ("DNTN Minh Chau", 4, "fuzzy"),
    ("Cty TNHH MTV DV Vận tải Kỳ Lừa", 5, "fuzzy"),
    ("Công ty TNHH Xây dựng Hoàng Lan", 1, "review"),  # one letter off: uncertain, an officer decides
    ("Công ty Cổ phần Xây dựng Hoàng Long", 1, "review"),  # same words, another legal form
    ("Công ty TNHH Điện tử Phương Nam", None, "none"),  # a different unit
]


def test_name_key_normalises_accents_and_abbreviations() -> None:
    assert matching.name_key("Cty TNHH XD Hoàng-Long") == "cong ty trach nhiem huu han xay dung hoang long"
    assert matching.name_key("HTX  Đồng Đăng") == "hop tac xa dong dang"
    assert matching.split_form(matching.name_key("Cty CP Bắc Sơn")) == ("cong ty co phan", "bac son")


def test_planted_near_duplicates_pure() -> None:
    cands = [matching.Candidate(i, matching.name_key(n), "", 7) for i, n in REGISTRY.items()]
    queries = [matching.Query(i, matching.name_key(n), "", 7) for i, (n, _, _) in enumerate(PLANTED)]
    got = matching.match_units(queries, cands)
    for m, (name, expected, decision) in zip(got, PLANTED, strict=True):
        assert matching.decide(m.score) == decision, (name, m.score)
        if decision != "none":
            assert m.candidate == expected, name


def test_blocking_by_commune_and_address() -> None:
    cands = [matching.Candidate(1, matching.name_key("Công ty TNHH An Phát"), matching.name_key("số 5 Lê Lợi"), 1),
             matching.Candidate(2, matching.name_key("Công ty TNHH An Phát"), matching.name_key("thôn Nà Sla"), 2)]
    q = [matching.Query(0, matching.name_key("Cty TNHH An Phat"), matching.name_key("thon Na Sla"), 2),
         matching.Query(1, matching.name_key("Cty TNHH An Phat"), "", None)]
    a, b = matching.match_units(q, cands)
    assert (a.candidate, a.score) == (2, 100)
    assert b.candidate in (1, 2) and b.score == 100  # no commune: the whole province


@pytest.mark.django_db
def test_match_rows_identifier_first_then_name(places) -> None:
    a1 = places["a1"]
    employers = {k: f.EmployerFactory(name=v, address_commune=a1) for k, v in REGISTRY.items()}
    rows = [{"tax_code": employers[2].tax_code, "name": "Tên khác hẳn", "address_line": "", "commune_id": a1.id}]
    rows += [{"tax_code": "", "name": n, "address_line": "", "commune_id": a1.id} for n, _, _ in PLANTED]
    got = match_rows("tax_enterprises", rows, "20")
    assert got[0][:3] == ("id", 100, employers[2].id)
    for (method, _score, employer_id, _), (name, expected, decision) in zip(got[1:], PLANTED, strict=True):
        assert method == decision, name
        assert employer_id == (employers[expected].id if decision != "none" else None), name


@pytest.mark.django_db
def test_match_persons_by_id_then_name_and_birth_date(places) -> None:
    a1 = places["a1"]
    born = dt.date(2015, 3, 4)
    p1 = f.PersonFactory(full_name="Nguyễn Thị Hồng Nhung", birth_date=born, address_commune=a1)
    p2 = f.PersonFactory(full_name="Hoàng Văn Đức", birth_date=born, address_commune=a1)
    f.PersonFactory(full_name="Hoàng Văn Đức", birth_date=dt.date(2015, 3, 5), address_commune=a1)
    rows = [
        {"citizen_id": p2.citizen_id, "name": "Ai đó", "birth_date": born, "commune_id": a1.id},
        {"citizen_id": "", "name": "NGUYEN THI HONG NHUNG", "birth_date": born, "commune_id": a1.id},
        {"citizen_id": "", "name": "Nhung Nguyễn Thị Hồng", "birth_date": born, "commune_id": a1.id},
        {"citizen_id": "", "name": "Hoang Van Duc", "birth_date": dt.date(2015, 3, 6), "commune_id": a1.id},
    ]
    got = match_rows("school_pupils", rows, "20")
    assert got[0] == ("id", 100, None, p2.id)
    assert got[1][0] == "fuzzy" and got[1][3] == p1.id
    assert got[2][0] == "fuzzy" and got[2][3] == p1.id  # swapped order
    assert got[3][0] == "none"  # nobody born that day
