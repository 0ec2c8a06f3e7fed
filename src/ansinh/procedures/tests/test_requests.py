"""`Dossier.request`: what the applicant asks for, validated per procedure at receipt (rules.dossier_requests);
a refusal names `request.<key>`; the API's online intake carries it and the catalogue describes it."""

from __future__ import annotations

import pytest

from ansinh.accounts.models import Role
from ansinh.core.errors import InvalidInput
from ansinh.core.testing import factories as f
from ansinh.procedures.services import dossiers as s
from ansinh.rules import dossier_requests as r
from ansinh.rules.tables import RuleError

VOL = {"income": 3_000_000, "mode": "monthly", "start_month": "2026-12"}


@pytest.mark.parametrize(("code", "data", "field"), [
    ("voluntary-si", {**VOL, "salary": 1}, "request.salary"),
    ("voluntary-si", {**VOL, "income": 0}, "request.income"),
    ("voluntary-si", {**VOL, "income": "3tr"}, "request.income"),
    ("voluntary-si", {**VOL, "income": True}, "request.income"),
    ("voluntary-si", {**VOL, "mode": "weekly"}, "request.mode"),
    ("voluntary-si", {**VOL, "start_month": "2026-13"}, "request.start_month"),
    ("voluntary-si", {"mode": "monthly", "start_month": "2026-12"}, "request.income"),
    ("voluntary-si", {**VOL, "mode": "quarterly", "months": 6}, "request.months"),
    ("voluntary-si", {**VOL, "mode": "years_ahead", "months": 7}, "request.months"),
    ("household-hi", {"members": [1, 1], "months": 12, "start_month": "2027-01"}, "request.members"),
    ("household-hi", {"members": [1, "x"], "months": 12, "start_month": "2027-01"}, "request.members[1]"),
    ("household-hi", {"members": [1], "months": 5, "start_month": "2027-01"}, "request.months"),
    ("change-info", {"changes": {"salary": 1}, "reason": "x"}, "request.changes.salary"),
    ("change-info", {"changes": {"id_number": "12345"}, "reason": "x"}, "request.changes.id_number"),
    ("change-info", {"changes": {}, "reason": "x"}, "request.changes"),
    ("change-info", {"changes": {"full_name": "A"}}, "request.reason"),
    ("payment-change", {"method": "bank"}, "request.bank_account"),
    ("payment-change", {"method": "cash", "bank_account": "0123456"}, "request.bank_account"),
    ("pension-resume", {"reason": "back home"}, "request.from_month"),
    ("hi-card-reissue", {"reason": "stolen"}, "request.reason"),
    ("benefit-one-time", {"payment_method": "bank"}, "request.bank_account"),
    ("benefit-sickness", {"note": "x" * 501}, "request.note"),
    ("reg-person", {"citizen_id": "0012345678"}, "request.citizen_id"),
    ("hi-direct-payment", {"anything": 1}, "request.anything"),
])
def test_bad_requests_are_refused_naming_the_key(code, data, field):
    with pytest.raises(RuleError) as exc:
        r.validate(code, data)
    assert exc.value.field == field, exc.value.message


def test_good_requests_are_cleaned():
    assert r.validate("voluntary-si", VOL) == {**VOL, "months": 1}
    assert r.validate("voluntary-si", {**VOL, "mode": "years_ahead", "months": "24"})["months"] == 24
    assert r.validate("household-hi", {"members": ["3", 4], "months": "6", "start_month": "2027-01"}) == {
        "members": [3, 4], "months": 6, "start_month": "2027-01"}
    assert r.validate("change-info", {"changes": {"full_name": " Lê Văn A ", "phone": "0912 345 678"},
                                      "reason": " sai tên "}) == {
        "changes": {"full_name": "Lê Văn A", "phone": "0912345678"}, "reason": "sai tên"}
    assert r.validate("benefit-pension", {"payment_method": "cash"}) == {"payment_method": "cash"}
    assert r.validate("hi-card-issue", None) == {}
    assert r.validate("change-info", {}) == {}  # a paper dossier: typed in later
    with pytest.raises(RuleError) as exc:
        r.validate("change-info", {}, complete=True)
    assert exc.value.field == "request.changes"
    assert r.validate("benefit-art23", {}) == {}
    assert "income" in r.describe()["voluntary-si"]["keys"] and "benefit-*" in r.describe()


def test_receive_stores_the_request_and_refuses_a_bad_one(desk):
    clerk = desk["clerk"]
    with pytest.raises(InvalidInput) as exc:
        s.dossier_receive(actor=clerk, procedure_code="change-info", channel="desk", person=desk["person"],
                          documents=["TK1-TS", "proof", "si-book"], request={"changes": {"nickname": "Tí"},
                                                                             "reason": "x"})
    assert exc.value.field == "request.changes.nickname"
    d = s.dossier_receive(actor=clerk, procedure_code="change-info", channel="desk", person=desk["person"],
                          documents=["TK1-TS", "proof", "si-book"],
                          request={"changes": {"address_line": "12 Lê Lợi"}, "reason": "moved"})
    d.refresh_from_db()
    assert d.request == {"changes": {"address_line": "12 Lê Lợi"}, "reason": "moved"}


def test_api_online_intake_carries_the_request(client, desk):
    client.force_login(f.UserFactory(username="cit_req", role=Role.CITIZEN, person=desk["person"]))
    url = "/api/v1/procedures/dossiers"
    body = {"procedure": "voluntary-si", "documents": ["TK1-TS", "D05-TS"], "request": {**VOL, "income": -5}}
    resp = client.post(url, body, content_type="application/json")
    assert resp.status_code == 422 and resp.json()["field"] == "request.income"
    resp = client.post(url, {**body, "request": VOL}, content_type="application/json")
    assert resp.status_code == 201, resp.content
    assert resp.json()["request"] == {**VOL, "months": 1}
    resp = client.get(f"/api/v1/procedures/dossiers/{resp.json()['id']}")
    assert resp.json()["request"]["income"] == 3_000_000
    catalogue = {p["code"]: p for p in client.get("/api/v1/procedures/catalogue").json()}
    assert catalogue["voluntary-si"]["request"]["keys"]["mode"]["choices"][0] == "monthly"
    assert catalogue["benefit-pension"]["request"]["keys"]["payment_method"]["kind"] == "choice"


# --- after office hours ---------------------------------------------------------------------------------------

def test_after_hours_rule_in_calc_and_on_dossiers(desk, settings):
    import datetime as dt

    from django.utils import timezone

    from ansinh.rules.procedures import due_date_run

    evening = due_date_run({"received": "2026-02-12T19:30", "procedure": "change-info"})
    morning = due_date_run({"received": "2026-02-12T09:30", "procedure": "change-info"})
    assert evening.due == morning.due == dt.date(2026, 2, 26)  # conservative: the hour never lengthens the limit
    assert "after office hours" in evening.after_hours and "UNVERIFIED" in evening.after_hours_basis
    assert morning.after_hours == "" and morning.after_hours_basis == ""
    shifted = due_date_run({"received": "2026-02-12T19:30", "procedure": "change-info",
                            "after_hours": "next_working_day"})
    # counted as received Fri 13/02; the Tết break 14–22/02 skipped; 23, 24, 25, 26, 27/02 → 27/02
    assert shifted.counted_from == dt.date(2026, 2, 13) and shifted.due == dt.date(2026, 2, 27)
    early = due_date_run({"received": "2026-02-12T16:30", "procedure": "change-info", "office_end": "16:00",
                          "after_hours": "next_working_day"})
    assert early.counted_from == dt.date(2026, 2, 13)
    with pytest.raises(RuleError) as exc:
        due_date_run({"received": "2026-02-12T19:30", "procedure": "change-info", "after_hours": "never"})
    assert exc.value.field == "after_hours"
    # the dossier follows the agency's setting
    settings.ANSINH_AFTER_HOURS = "next_working_day"
    moment = dt.datetime(2026, 2, 12, 19, 30, tzinfo=timezone.get_current_timezone())
    d = s.dossier_receive(actor=desk["clerk"], procedure_code="change-info", channel="online", person=desk["person"],
                          documents=["TK1-TS", "proof", "si-book"], received_at=moment)
    assert d.complete_on == dt.date(2026, 2, 13) and d.due_on == dt.date(2026, 2, 27)
    assert "sau giờ hành chính" in d.steps.get().note


def test_the_dossier_page_shows_the_services_notes_in_the_page_language(desk, settings, client):
    """The processing record shows what the services wrote themselves (after-hours explanation, missing documents,
    the outcome) in the page's language; the refusal of a dossier whose work cannot go on is a sentence."""
    import datetime as dt

    from django.utils import timezone

    from ansinh.core.presentation import refusal

    settings.ANSINH_AFTER_HOURS = "next_working_day"
    moment = dt.datetime(2026, 2, 12, 19, 30, tzinfo=timezone.get_current_timezone())
    late = s.dossier_receive(actor=desk["clerk"], procedure_code="change-info", channel="online",
                             person=desk["person"], documents=["TK1-TS", "proof", "si-book"], received_at=moment)
    short = s.dossier_receive(actor=desk["clerk"], procedure_code="change-info", channel="desk",
                              person=desk["person"], documents=["TK1-TS"], received_at=moment)
    client.force_login(desk["manager"])
    for lang, after, other in (("vi", "sau giờ hành chính", "after office hours"),
                               ("en", "after office hours", "sau giờ hành chính")):
        client.cookies["django_language"] = lang
        page = client.get(f"/procedures/dossiers/{late.pk}/").content.decode()
        assert after in page and other not in page, lang
        page = client.get(f"/procedures/dossiers/{short.pk}/").content.decode()
        assert "proof, si-book" not in page, lang  # the missing documents by name, not by code
    assert refusal("work_waiting_payment", "x", lang="vi")[0].startswith("Hồ sơ này chưa được nộp tiền")
    resume = s.dossier_receive(actor=desk["clerk"], procedure_code="pension-resume", channel="desk",
                               person=desk["person"], documents=["resume-req"],
                               request={"reason": "đã về nước", "from_month": "2026-06"})
    for lang, shown in (("vi", "06/2026"), ("en", "Jun 2026")):
        client.cookies["django_language"] = lang
        page = client.get(f"/procedures/dossiers/{resume.pk}/").content.decode()
        # the request's month as the language writes it (a month input keeps value="2026-06", as HTML wants)
        assert shown in page and ">2026-06<" not in page, lang
        assert "the person has no suspended pension" not in page or lang == "en"
