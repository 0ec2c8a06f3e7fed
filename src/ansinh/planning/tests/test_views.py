"""The pages of the allocation by hand: who may open and save it (managers covering the unit; anyone else gets
"not found"), the form pre-filled with the current shares, the running sum (htmx), a good POST writing a new
version, and refusals shown in Vietnamese or English next to the unit at fault."""

from __future__ import annotations

import pytest

from ansinh.accounts.models import AuditEvent
from ansinh.planning import selectors
from ansinh.planning.models import Plan, Target


def _url(d, plan=None):
    return f"/planning/{(plan or d['plan']).pk}/allocate/"


def _province_post(d, o1, o2, c4, reason=""):
    return {
        "metric": "hi",
        "parent": f"province:{d['p'].pk}",
        "reason": reason,
        f"s_office_{d['o1'].pk}": o1,
        f"s_office_{d['o2'].pk}": o2,
        f"s_commune_{d['c'][4].pk}": c4,
    }


def test_detail_page_offers_the_units_the_user_may_allocate(client, area):
    d = area
    client.force_login(d["manager"])
    page = client.get(f"/planning/{d['plan'].pk}/")
    assert page.status_code == 200
    assert [k for k, _ in page.context["allocate_parents"]] == [
        f"province:{d['p'].pk}",
        f"office:{d['o1'].pk}",
        f"office:{d['o2'].pk}",
    ]
    assert [m.value for m in page.context["allocate_metrics"]] == ["hi", "revenue"]  # not the rate
    assert "Phân bổ thủ công" in page.content.decode()
    client.force_login(d["manager_o1"])  # a manager of one office: that office only, and no revision
    page = client.get(f"/planning/{d['plan'].pk}/")
    assert [k for k, _ in page.context["allocate_parents"]] == [f"office:{d['o1'].pk}"]
    assert not page.context["can_edit"]
    client.force_login(d["clerk"])  # not a manager: sees the plan, allocates nothing
    page = client.get(f"/planning/{d['plan'].pk}/")
    assert page.status_code == 200 and page.context["allocate_parents"] == []
    assert "allocate-by-hand" not in page.content.decode()


def test_form_is_prefilled_with_the_current_allocation(client, area):
    d = area
    client.force_login(d["manager"])
    page = client.get(_url(d), {"metric": "hi", "parent": f"province:{d['p'].pk}"})
    assert page.status_code == 200
    html = page.content.decode()
    assert page.context["form"][f"s_office_{d['o1'].pk}"].value() == 3000
    assert page.context["form"][f"s_commune_{d['c'][4].pk}"].value() == 2500
    assert "BHXH cơ sở Một" in html and "Xã Thử 4" in html and "Xã Thử 0" not in html
    assert page.context["sum"] == 10_000 and page.context["difference"] == 0
    assert "khớp với chỉ tiêu" in html  # the running sum agrees with the target
    assert "<html" in html
    partial = client.get(_url(d), {"metric": "hi", "parent": f"office:{d['o1'].pk}"}, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert partial.status_code == 200 and "<html" not in body and 'id="shares"' in body
    assert "Xã Thử 0" in body and "Xã Thử 1" in body and "BHXH cơ sở Hai" not in body


def test_proposals_fill_the_form(client, area):
    d = area
    client.force_login(d["manager"])
    page = client.get(_url(d), {"metric": "hi", "parent": f"province:{d['p'].pk}", "propose": "population"})
    assert page.context["form"][f"s_office_{d['o2'].pk}"].value() == 4500
    page = client.get(_url(d), {"metric": "hi", "parent": f"province:{d['p'].pk}", "propose": "last_year"})
    assert page.status_code == 200
    assert (
        "Chưa có số liệu năm 2025" in page.content.decode()
    )  # no statistics: said, and the current shares stay


def test_running_sum(client, area):
    d = area
    client.force_login(d["manager"])
    url = _url(d) + "sum/"
    short = client.post(url, _province_post(d, 3000, 4000, 2500), HTTP_HX_REQUEST="true")
    body = short.content.decode()
    assert short.status_code == 200 and 'data-testid="sum">9.500<' in body
    assert 'id="allocation-sum"' in body and "còn thiếu 500" in body and "<html" not in body
    over = client.post(url, _province_post(d, 3000, 4500, "3500"))
    assert "thừa 1.000" in over.content.decode()
    blank = client.post(url, _province_post(d, 3000, "", "x"))
    body = blank.content.decode()
    assert 'data-testid="sum">3.000<' in body and "2 đơn vị chưa nhập phần giao (tính là 0)" in body


@pytest.mark.parametrize(
    ("user", "parent"),
    [
        ("manager_o2", "office:o1"),  # a manager of another office
        ("manager_o1", "province"),  # an office manager cannot split the province's target
        ("clerk", "province"),  # covers the province, not a manager
        ("clerk", "office:o1"),
        ("manager_q", "office:o1"),  # another province: the plan itself is not found
        ("manager", "office:o3"),  # an office of another province
        ("manager", "commune:c0"),  # a commune is not split further
    ],
)
def test_outside_scope_is_not_found_and_writes_nothing(client, area, user, parent):
    d = area
    keys = {
        "province": f"province:{d['p'].pk}",
        "office:o1": f"office:{d['o1'].pk}",
        "office:o3": f"office:{d['o3'].pk}",
        "commune:c0": f"commune:{d['c'][0].pk}",
    }
    client.force_login(d[user])
    assert client.get(_url(d), {"metric": "hi", "parent": keys[parent]}).status_code == 404
    data = {
        **_province_post(d, 3500, 4000, 2500),
        "parent": keys[parent],
        f"s_commune_{d['c'][0].pk}": 1500,
        f"s_commune_{d['c'][1].pk}": 1500,
    }
    assert client.post(_url(d), data).status_code == 404
    assert client.post(_url(d) + "sum/", data).status_code == 404
    assert Plan.objects.count() == 1


def test_bad_metric_or_parent_is_not_found(client, area):
    d = area
    client.force_login(d["manager"])
    for query in (
        {"metric": "hi_coverage", "parent": f"province:{d['p'].pk}"},
        {"metric": "hi", "parent": "x"},
        {"metric": "vsi", "parent": f"province:{d['p'].pk}"},
        {},
    ):
        assert client.get(_url(d), query).status_code == 404


def test_good_post_saves_a_new_version(client, area):
    d = area
    client.force_login(d["manager_o1"])
    c = d["c"]
    post = client.post(
        _url(d),
        {
            "metric": "hi",
            "parent": f"office:{d['o1'].pk}",
            "reason": "QĐ 15",
            f"s_commune_{c[0].pk}": "1200",
            f"s_commune_{c[1].pk}": "1800",
        },
        follow=True,
    )
    new = selectors.current_plan(d["p"].pk, 2026)
    assert new.version == 2 and new.created_by == d["manager_o1"] and new.reason == "QĐ 15"
    assert post.redirect_chain[-1][0] == f"/planning/{new.pk}/"
    html = post.content.decode()
    assert "Đã lưu phân bổ thành phiên bản 2" in html
    assert Target.objects.get(plan=new, metric="hi", unit=c[0]).value == 1200
    assert Target.objects.get(plan=d["plan"], metric="hi", unit=c[0]).value == 1000  # history kept
    assert (
        AuditEvent.objects.filter(
            object_type="planning.plan", object_id=str(new.pk), actor=d["manager_o1"], source="web"
        ).count()
        == 1
    )
    # the old version's page no longer offers to allocate; its allocate URL leads to the version in force
    old = client.get(f"/planning/{d['plan'].pk}/")
    assert old.context["allocate_parents"] == []
    again = client.get(_url(d), {"metric": "hi", "parent": f"office:{d['o1'].pk}"})
    assert again.status_code == 302 and again["Location"].startswith(f"/planning/{new.pk}/allocate/?")


def test_bad_sum_is_refused_naming_the_unit_in_vietnamese_and_english(client, area):
    d = area
    client.force_login(d["manager"])
    page = client.post(_url(d), _province_post(d, 3000, 4000, 2500))
    assert page.status_code == 422
    html = page.content.decode()
    assert (
        "Tổng các phần giao là 9.500, chưa bằng chỉ tiêu của Tỉnh Lạng Sơn (10.000): còn thiếu 500." in html
    )
    assert page.context["form"][f"s_office_{d['o2'].pk}"].value() == "4000"  # what was typed is kept
    assert "còn thiếu 500" in html  # the running sum too
    client.cookies["django_language"] = "en"
    page = client.post(_url(d), _province_post(d, 3000, 4500, 3000))
    assert page.status_code == 422
    assert (
        "The shares add up to 10,500, not to the target of Tỉnh Lạng Sơn (10,000): 500 too many."
        in page.content.decode()
    )
    assert Plan.objects.count() == 1


def test_negative_or_missing_share_is_shown_next_to_the_unit(client, area):
    d = area
    client.force_login(d["manager"])
    page = client.post(_url(d), _province_post(d, -500, 8000, 2500))
    assert page.status_code == 422
    form = page.context["form"]
    assert form.errors[f"s_office_{d['o1'].pk}"] == ["BHXH cơ sở Một: phần giao không được là số âm."]
    assert 'class="has-error" data-unit="office:' in page.content.decode()
    page = client.post(_url(d), _province_post(d, 3000, "", 2500))
    assert page.context["form"].errors[f"s_office_{d['o2'].pk}"] == [
        "BHXH cơ sở Hai: hãy nhập phần giao (0 nếu không giao)."
    ]
    client.cookies["django_language"] = "en"
    page = client.post(_url(d), _province_post(d, "2999.5", 4500, "2500.5"))
    assert page.context["form"].errors[f"s_office_{d['o1'].pk}"] == [
        "BHXH cơ sở Một: enter a whole number (persons or VND)."
    ]
    assert Plan.objects.count() == 1
