"""Pages, exports and API: scoped to the user's localities; the PDF and XLSX are valid files holding the figures."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ansinh.analytics import statistics
from ansinh.core.testing import factories as f
from ansinh.planning.services.targets import PlanInput, plan_create
from ansinh.rules.periods import Month

MAY = Month(2020, 5)


@pytest.fixture
def built(small_province):
    d = small_province
    statistics.refresh([Month(2019, 5), Month(2020, 1), Month(2020, 2), Month(2020, 3), Month(2020, 4), MAY],
                       only_dirty=False)
    plan_create(actor=None, data=PlanInput(province_id=d["p"].pk, year=2020, method="population", targets={
        "vsi": Decimal(25), "hi": Decimal(500), "hi_coverage": Decimal(95), "revenue": Decimal(10_000_000),
        "debt_ceiling": Decimal(4)}))
    return d


def _login(client, user):
    client.force_login(user)
    return client


def test_commune_officer_sees_only_that_commune(client, built):
    d = built
    _login(client, d["officer"])
    page = client.get("/reports/?period=2020-05")
    assert page.status_code == 200
    html = page.content.decode()
    assert d["a"].name in html
    assert d["b"].name not in html and "Tỉnh Lạng Sơn" not in html
    assert page.context["unit"].key == f"commune:{d['a'].pk}"
    for other in (f"commune:{d['b'].pk}", f"province:{d['p'].pk}", f"office:{d['local'].pk}"):
        assert client.get(f"/reports/?unit={other}&period=2020-05").status_code == 404
        assert client.get(f"/reports/steering.pdf?unit={other}&period=2020-05").status_code == 404
        assert client.get(f"/api/v1/reports/figures?unit={other}&period=2020-05").status_code == 404
    units = client.get("/api/v1/reports/units").json()
    assert [u["id"] for u in units] == [d["a"].pk]
    # the commune's own debt and interest, nothing of B's
    body = client.get(f"/api/v1/reports/figures?unit=commune:{d['a'].pk}&period=2020-05").json()
    assert (body["debt"], body["debt_interest"], body["debt_total"]) == (400_000, 21_500, 421_500)
    debt = client.get("/reports/lists/debt/?period=2020-05&format=csv")
    rows = list(csv.reader(io.StringIO(debt.content.decode("utf-8-sig"))))
    assert [r[2] for r in rows[1:]] == [d["a"].name]
    assert client.get(f"/reports/lists/debt/?unit=province:{d['p'].pk}&period=2020-05").status_code == 404


def test_province_dashboard_figures_and_charts(client, built):
    d = built
    _login(client, d["province_officer"])
    page = client.get("/reports/?period=2020-05")
    assert page.context["unit"].key == f"province:{d['p'].pk}"
    html = page.content.decode()
    assert "<svg" in html and "<polyline" in html and "cdn" not in html.lower()
    assert "22 người tham gia BHXH tự nguyện, tăng 2 người (10,0\u00a0%) so với tháng 4/2020 và tăng 5 người (29,4\u00a0%) " \
           "so với cùng kỳ năm 2019" in html
    # both communes in the table, reached through the office and the province
    assert d["a"].name in html and d["b"].name in html
    fig = page.context["fig"]
    assert fig.schemes["vsi"].progress == Decimal("88.00")  # 22 / 25
    assert fig.revenue_progress == Decimal("9.3")  # 930,000 / 10,000,000 = 9.3 %
    # debt as reported: 400,000 principal + 25,000 interest; 425,000 / 10,000,000 = 4.25 % → 4.3 (half up)
    assert (fig.debt, fig.debt_interest, fig.debt_total) == (400_000, 25_000, 425_000)
    assert fig.debt_share == Decimal("4.3")
    assert "nợ 425.000\u00a0đồng (trong đó lãi chậm đóng 25.000\u00a0đồng), chiếm 4,3\u00a0% kế hoạch thu." in html
    assert "Lãi chậm đóng" in html  # the debt card states the interest apart


def test_english_numbers(client, built):
    d = built
    _login(client, d["province_officer"])
    client.cookies["django_language"] = "en"
    html = client.get("/reports/?period=2020-05").content.decode()
    assert "22 voluntary SI participants, up 2 (10.0\u00a0%) on April 2020 and up 5 (29.4\u00a0%) on the same period of " \
           "2019" in html
    assert "Voluntary SI participants" in html  # the English label, not the catalogue's
    assert "debt 425,000\u00a0VND (of which late-payment interest 25,000\u00a0VND), 4.3\u00a0% of the revenue plan." in html
    assert "Late-payment interest" in html


def test_steering_pdf_and_xlsx(client, built, tmp_path):
    d = built
    _login(client, d["province_officer"])
    pdf = client.get(f"/reports/steering.pdf?unit=province:{d['p'].pk}&period=2020-05")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        path = tmp_path / "r.pdf"
        path.write_bytes(pdf.content)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
        flat = " ".join(text.split())
        assert "22 người tham gia BHXH tự nguyện, tăng 2 người (10,0 %) so với tháng 4/2020" in flat
        assert "Xã Mai Pha" in flat  # the split commune whose shares are assumed is named in the notes
        assert "nợ 425.000 đồng (trong đó lãi chậm đóng 25.000 đồng), chiếm 4,3 % kế hoạch thu" in flat
    xlsx = client.get(f"/reports/steering.xlsx?unit=province:{d['p'].pk}&period=2020-05")
    wb = load_workbook(io.BytesIO(xlsx.content))
    assert wb.sheetnames == ["Tong hop", "Theo don vi", "Ghi chu"]
    cells = [c for row in wb["Tong hop"].iter_rows(values_only=True) for c in row if c is not None]
    assert any(isinstance(c, str) and c.startswith("22 người tham gia BHXH tự nguyện") for c in cells)
    summary = {r[0]: r[1:] for r in wb["Tong hop"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Số nợ cuối tháng, gồm lãi chậm đóng (đồng)"][:3] == (425_000, 4, 4.3)
    assert summary["– trong đó nợ gốc (đồng)"][0] == 400_000
    assert summary["– trong đó lãi chậm đóng (đồng)"][0] == 25_000
    units = list(wb["Theo don vi"].iter_rows(values_only=True))
    assert units[0][1] == "Đơn vị" and units[0][-3:] == ("Nợ (gồm lãi)", "Nợ gốc", "Lãi chậm đóng")
    names = {r[1]: r for r in units[1:]}
    assert names[d["a"].name][3] == 20 and names[d["b"].name][3] == 2
    assert names[d["a"].name][-3:] == (421_500, 400_000, 21_500)
    assert names[d["b"].name][-3:] == (3_500, 0, 3_500)


def test_follow_up_lists_export(client, built):
    d = built
    _login(client, d["province_officer"])
    unit = f"province:{d['p'].pk}"
    debt = client.get(f"/reports/lists/debt/?unit={unit}&period=2020-05&format=csv")
    rows = list(csv.reader(io.StringIO(debt.content.decode("utf-8-sig"))))
    assert rows[0] == ["Cấp", "Mã", "Tên đơn vị", "Nợ gồm lãi (đồng)", "Nợ gốc (đồng)", "Lãi chậm đóng (đồng)",
                       "Nợ BHXH bắt buộc (đồng)", "Nợ BHXH tự nguyện (đồng)", "Nợ BHTN (đồng)", "Nợ BHYT (đồng)",
                       "Kế hoạch thu (đồng)", "Tỷ lệ nợ / kế hoạch thu (%)"]
    # ranked by principal + interest, both stated; B owes interest only (ES's part; E2's credit offsets nothing)
    assert [(r[2], r[3], r[4], r[5]) for r in rows[1:]] == [
        (d["local"].name, "425000", "400000", "25000"),
        (d["a"].name, "421500", "400000", "21500"),
        (d["b"].name, "3500", "0", "3500")]
    by_name = {r[2]: r for r in rows[1:]}
    assert by_name[d["local"].name][0] == "Cơ quan"  # the level in words
    assert by_name[d["a"].name][6:10] == ["417999", "0", "0", "3501"]  # by scheme, interest included
    xlsx = client.get(f"/reports/lists/debt/?unit={unit}&period=2020-05&format=xlsx")
    sheet = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert sheet[1][3:6] == (425_000, 400_000, 25_000)
    page = client.get(f"/reports/lists/debt/?unit={unit}&period=2020-05")
    html = page.content.decode()
    assert page.status_code == 200 and "Lãi chậm đóng" in html and "21.500" in html
    assert html.index(d["a"].name) < html.index(d["b"].name)
    behind = client.get(f"/reports/lists/behind/?unit={unit}&period=2020-05&scheme=vsi&format=xlsx")
    sheet = load_workbook(io.BytesIO(behind.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("Mã", "Tên đơn vị", "Loại hình bảo hiểm") and len(values) == 3
    assert values[1][2] == "BHXH tự nguyện"
    lapsed = client.get(f"/reports/lists/lapsed/?unit={unit}&period=2020-05&format=csv")
    people = list(csv.reader(io.StringIO(lapsed.content.decode("utf-8-sig"))))
    assert len(people) == 1 + 2  # the two who left voluntary SI at the end of April
    assert all(p[5] == "BHXH tự nguyện" and p[7] == "04/2020" and p[3] for p in people[1:])  # commune named
    page = client.get(f"/reports/lists/lapsed/?unit={unit}&period=2020-05")
    assert page.status_code == 200 and "Người Aleft 0" in page.content.decode()
    # a commune officer's list holds only that commune
    client.force_login(d["officer"])
    assert client.get(f"/reports/lists/lapsed/?unit={unit}&period=2020-05").status_code == 404


def test_api(client, built):
    d = built
    _login(client, d["province_officer"])
    body = client.get(f"/api/v1/reports/figures?unit=province:{d['p'].pk}&period=2020-05").json()
    vsi = next(s for s in body["schemes"] if s["scheme"] == "vsi")
    assert (vsi["participants"], vsi["change_on_month"], vsi["change_on_month_pct"]) == (22, 2, "10.0")
    assert (body["debt"], body["debt_interest"], body["debt_total"]) == (400_000, 25_000, 425_000)
    assert body["debt_share_of_revenue_plan_pct"] == "4.3"  # of the total: 4.25 → 4.3
    hi = next(s for s in body["schemes"] if s["scheme"] == "hi")
    assert (hi["debt"], hi["debt_interest"], hi["debt_total"]) == (0, 7_001, 7_001)
    assert any("trong đó lãi chậm đóng 25.000\u00a0đồng" in t for t in body["sentences_vi"])
    rows = client.get(f"/api/v1/reports/statistics?unit=commune:{d['a'].pk}&scheme=vsi&group=").json()
    assert [r["participants"] for r in rows][-2:] == [18, 20]
    si = client.get(f"/api/v1/reports/statistics?unit=commune:{d['a'].pk}&scheme=si&group=").json()
    assert [(r["period"], r["debt"], r["debt_interest"]) for r in si][-2:] == [
        ("2020-04-01", 1_000_000, 0), ("2020-05-01", 400_000, 17_999)]
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert {"debt", "debt_interest", "debt_total"} <= set(schema["FiguresOut"]["properties"])
    assert "debt_interest" in schema["RowOut"]["properties"]
    plan = client.get(f"/api/v1/reports/targets?province_id={d['p'].pk}&year=2020").json()
    assert sum(Decimal(t["value"]) for t in plan["targets"] if t["metric"] == "hi" and t["unit_kind"] == "commune") \
        == 500
    assert client.get(f"/api/v1/reports/steering.pdf?unit=province:{d['p'].pk}&period=2020-05").content[:4] == b"%PDF"
    assert client.get("/api/v1/reports/figures?unit=commune:x").status_code == 404


def test_planning_pages(client, built):
    d = built
    manager = f.UserFactory(username="manager", role="manager")
    manager.offices.set([d["region"]])
    _login(client, manager)
    page = client.get("/planning/")
    assert page.status_code == 200 and "Tỉnh Lạng Sơn" in page.content.decode()
    plan_id = page.context["plans"][0].pk
    detail = client.get(f"/planning/{plan_id}/")
    assert detail.status_code == 200 and detail.context["can_edit"]
    post = client.post(f"/planning/{plan_id}/revise/", {
        "method": "population", "periodicity": "monthly", "decision": "QĐ 2", "reason": "điều chỉnh",
        "t_vsi": "30", "t_hi": "520"})
    assert post.status_code == 302
    client.force_login(d["officer"])  # a commune officer sees the plan's figures for the commune only, cannot revise
    detail = client.get(f"/planning/{plan_id}/")
    assert detail.status_code == 200 and not detail.context["can_edit"]
    assert [r[0][2] for r in detail.context["rows"]] == [d["a"].name]
