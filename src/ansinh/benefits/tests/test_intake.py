"""Claim intake an officer can use: find the person, the benefit's own form (no JSON), the contribution history
from the ledger corrected with a reason (audited), the result in plain words, the decision signed by name."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from ansinh.accounts.models import AuditEvent
from ansinh.benefits import intake, wording
from ansinh.benefits.decision_pdf import person_line, signature_heading
from ansinh.benefits.models import Claim
from ansinh.benefits.services import claims as svc
from ansinh.core.presentation import agency_name, legal_basis
from ansinh.core.testing import factories as f


def test_intake_page_answers_and_finds_the_person(client, insured, officers):
    client.force_login(officers[0])
    assert client.get(reverse("benefits:claim_new")).status_code == 200  # was a 500 for every user
    page = client.get(reverse("benefits:claim_new"), {"q": insured.citizen_id}).content.decode()
    assert insured.full_name in page and f"?person={insured.pk}" in page
    fragment = client.get(
        reverse("benefits:claim_new"), {"q": insured.full_name.split()[0], "fragment": "people"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in fragment and insured.full_name in fragment


def test_intake_outside_scope_is_not_found(client, insured, two_provinces):
    other = f.UserFactory(role="benefits_officer")
    other.offices.set([two_provinces["o2"]])
    client.force_login(other)
    page = client.get(reverse("benefits:claim_new"), {"q": insured.citizen_id}).content.decode()
    assert insured.full_name not in page
    assert client.get(reverse("benefits:claim_new"), {"person": insured.pk}).status_code == 404


def test_each_kind_has_its_own_form(client, insured, officers):
    client.force_login(officers[0])
    page = client.get(
        reverse("benefits:claim_new"),
        {"person": insured.pk, "kind": "maternity", "fragment": "kind"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'name="gestation_weeks"' in page and 'name="pension_start"' not in page
    page = client.get(reverse("benefits:claim_new"), {"person": insured.pk, "kind": "survivor_monthly"}).content.decode()
    assert 'name="relatives-0-relation"' in page
    # the person's history is summarised from the ledger: 300 months at 10,000,000
    assert "300" in page and "10.000.000" in page


def test_receive_from_the_form_and_refuse_naming_the_field(client, insured, officers):
    client.force_login(officers[0])
    url = reverse("benefits:claim_new")
    common = {"person": insured.pk, "channel": "desk", "received_on": "2026-05-04", "payment_channel": "cash_home"}
    r = client.post(url, {**common, "kind": "pension", "pension_start": "2026-13-01"})
    assert r.status_code == 422 and not Claim.objects.exists()
    assert 'id="f-pension_start"' in r.content.decode() and "field-error" in r.content.decode()
    r = client.post(url, {**common, "kind": "pension", "pension_start": "2026-06-01", "heavy_work_years": "5"})
    assert r.status_code == 302
    claim = Claim.objects.get()
    assert claim.params == {"pension_start": "2026-06-01", "heavy_work_years": 5}


def test_params_from_form_bounds_and_relatives():
    params, errors = intake.params_from_form(
        "survivor_monthly",
        {"deceased": "contributor", "relatives-0-relation": "child", "relatives-0-age": "10",
         "relatives-1-relation": "spouse", "relatives-1-income": "1.000.000", "relatives-1-unsupported": "on"},
    )
    assert not errors
    assert params["relatives"] == [{"relation": "child", "age": 10},
                                   {"relation": "spouse", "income": 1_000_000, "unsupported": True}]
    _, errors = intake.params_from_form("sickness", {"event": "own", "leave_from": "2026-05-04", "salary": "1" + "0" * 30})
    assert set(errors) == {"salary"}
    _, errors = intake.params_from_form("sickness", {"event": "flu", "leave_from": ""})
    assert set(errors) == {"event", "leave_from"}


def test_history_corrected_with_a_reason_is_audited_and_used(insured, officers):
    a, _ = officers
    claim = svc.claim_receive(actor=a, person=insured, kind="one_time", channel="desk",
                              received_on=dt.date(2026, 5, 4), params={"ground": "emigration"})
    claim = svc.claim_compute(actor=a, claim=claim)
    ledger_amount = claim.amount
    rows = [*claim.history, {"from": "1999-01", "to": "2001-05", "salary": "4.000.000", "kind": "employer",
                             "scheme": "si_ui"}]
    import pytest

    from ansinh.core.errors import ApplicationError

    with pytest.raises(ApplicationError) as refused:
        svc.claim_set_history(actor=a, claim=claim, periods=rows, reason="")
    assert refused.value.field == "reason"
    with pytest.raises(ApplicationError) as refused:
        svc.claim_set_history(actor=a, claim=claim, periods=[{"from": "2001-01", "to": "2000-01", "salary": 1}],
                              reason="Sổ BHXH giấy")
    assert refused.value.field == "periods[0].to"
    claim = svc.claim_set_history(actor=a, claim=claim, periods=rows, reason="Sổ BHXH giấy ghi nhận 1999–2001")
    assert claim.status == Claim.Status.RECEIVED and claim.params["periods"][-1]["salary"] == 4_000_000
    event = AuditEvent.objects.filter(object_type="benefits.claim", object_id=str(claim.pk)).order_by("-id").first()
    assert event.reason.startswith("Sổ BHXH giấy") and event.after["periods"][-1]["from"] == "1999-01"
    claim = svc.claim_compute(actor=a, claim=claim, params=claim.params)
    assert claim.amount > ledger_amount  # 29 more months counted
    claim = svc.claim_set_history(actor=a, claim=claim, periods=None, reason="Quay về dữ liệu sổ cái")
    assert "periods" not in claim.params


def test_sickness_salary_from_the_registry_when_no_month_is_assessed(two_provinces, officers):
    a, _ = officers
    person = f.PersonFactory(address_commune=two_provinces["a1"], birth_date=dt.date(1990, 1, 1), sex="F")
    f.EmploymentFactory(person=person, valid_from=dt.date(2026, 1, 1), salary=8_000_000)
    claim = svc.claim_receive(actor=a, person=person, kind="sickness", channel="desk",
                              received_on=dt.date(2026, 5, 4),
                              params={"event": "own", "leave_from": "2026-04-06", "leave_to": "2026-04-08"})
    data = svc.build_input(claim, svc.contribution_history(person), dt.date(2026, 5, 4))
    assert data["salary"] == 8_000_000  # "salary is required" before


def test_steps_in_plain_words_without_developer_notation(client, insured, officers):
    a, _ = officers
    claim = svc.claim_receive(actor=a, person=insured, kind="pension", channel="desk",
                              received_on=dt.date(2026, 5, 4), params={"pension_start": "2026-06-01"})
    svc.claim_compute(actor=a, claim=claim)
    client.force_login(a)
    page = client.get(reverse("benefits:claim_detail", args=[claim.pk])).content.decode()
    assert "Tỷ lệ hưởng lương hưu" in page and "Khoản 1 Điều 66 Luật BHXH 2024" in page
    for notation in ("V-LAW", "UNVERIFIED", "3P", " // ", "months of compulsory SI"):
        assert notation not in page
    client.post(reverse("set_language") if False else "/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(reverse("benefits:claim_detail", args=[claim.pk])).content.decode()
    assert "Pension rate" in page and "Article 66(1) of the Social Insurance Law 2024" in page


def test_wording_of_references_and_values():
    assert legal_basis("Law 41/2024 Art 45", "vi") == "Điều 45 Luật BHXH 2024"
    assert legal_basis("Law 58/2014 Art 60.1.a", "en") == "Article 60(1)(a) of the Social Insurance Law 2014"
    assert legal_basis("Employment Law 38/2013 Art 50", "vi") == "Điều 50 Luật Việc làm 2013"
    assert legal_basis(
        "Labour Code 2019 Art 169.2; Decree 135/2020/NĐ-CP Art 4 (men 60y3m in 2021) — Art 169.2 read in the Labour Code text", "vi"
    ) == "Khoản 2 Điều 169 Bộ luật Lao động 2019; Điều 4 Nghị định 135/2020/NĐ-CP"
    assert legal_basis("Settlements 2026: CV 340/BHXH-CSXH as cited by third parties", "vi") == "Công văn 340/BHXH-CSXH"
    steps = wording.explain_steps([{"label": "contribution time", "value": "25y3m", "formula": "303 month(s) // 12"}], "vi")
    assert steps == [{"label": "Thời gian đóng BHXH", "formula": "303 tháng ÷ 12", "basis": "", "value": "25 năm 3 tháng"}]
    assert wording.explain_steps([{"label": "replacement rate", "value": "0.55"}], "vi")[0]["value"] == "55\u00a0%"
    assert wording.formula("300 month(s) of SI", "vi") == "300 tháng đóng BHXH"
    assert wording.formula("born 1964-11-20, male", "vi") == ""  # English words: the value and reference say it
    assert wording.explain_steps([{"label": "x", "value": 19_381_000}], "en")[0]["value"] == "19,381,000\u00a0VND"


def test_decision_names_the_agency_and_the_signatories(insured):
    assert agency_name(insured.address_commune) == "Bảo hiểm xã hội tỉnh Lạng Sơn"
    officer = f.UserFactory(last_name="Nguyễn Thị", first_name="Lan", job_title="Chuyên viên phòng Chế độ BHXH")
    deputy = f.UserFactory(last_name="Hoàng Văn", first_name="Minh", job_title="Phó Giám đốc")
    assert person_line(officer) == "Nguyễn Thị Lan, Chuyên viên phòng Chế độ BHXH"
    assert signature_heading(deputy) == "KT. GIÁM ĐỐC<br/>PHÓ GIÁM ĐỐC"
    assert signature_heading(f.UserFactory(job_title="Giám đốc")) == "GIÁM ĐỐC"
