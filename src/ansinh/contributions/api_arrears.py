"""REST: debt lists and C12-TS notices, within the user's scope."""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.pagination import paginate

from ansinh.contributions.arrears_queries import debts_visible, notice_visible
from ansinh.contributions.notice_pdf import notice_pdf
from ansinh.core.api import Pages
from ansinh.core.errors import InvalidInput
from ansinh.rules.periods import Month

router = Router()


def _month(text: str, field: str = "period") -> Month:
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise InvalidInput("bad_period", f"{field}: {exc}", field=field) from None


class DebtOut(Schema):
    employer_id: int
    unit_code: str
    name: str
    principal: int
    interest: int
    overdue: int
    by_bucket: dict[str, int]
    by_fund: dict[str, int]
    oldest_month: dt.date | None
    months_overdue: int


class NoticeLineOut(Schema):
    fund: str
    brought_forward: int
    due: int
    adjustments: int
    interest: int
    paid: int
    carried_forward: int


class NoticeOut(Schema):
    employer_id: int
    unit_code: str
    period: str
    employees: int
    salary_fund: int
    si_base_total: int
    lines: list[NoticeLineOut]
    total: NoticeLineOut


@router.get("/debts", response=list[DebtOut], summary="Employers in debt, aged by months overdue (your scope)")
@paginate(Pages)
def list_debts(request: HttpRequest, period: str, commune_id: int | None = None) -> Any:
    rows = debts_visible(request.user, _month(period), commune_id=commune_id)
    return [{**r.__dict__, "overdue": r.overdue, "unit_code": e.unit_code, "name": e.name} for r, e in rows]


@router.get("/employers/{employer_id}/notice", response=NoticeOut, summary="C12-TS notice of a month")
def get_notice(request: HttpRequest, employer_id: int, period: str) -> Any:
    notice, employer = notice_visible(request.user, employer_id, _month(period))
    return {"employer_id": employer.pk, "unit_code": employer.unit_code, "period": str(notice.period),
            "employees": notice.employees, "salary_fund": notice.salary_fund, "si_base_total": notice.si_base_total,
            "lines": [line.__dict__ for line in notice.lines], "total": notice.total.__dict__}


@router.get("/employers/{employer_id}/notice.pdf", summary="C12-TS notice as PDF (Vietnamese)")
def get_notice_pdf(request: HttpRequest, employer_id: int, period: str) -> HttpResponse:
    notice, employer = notice_visible(request.user, employer_id, _month(period))
    pdf = notice_pdf(notice, employer_name=employer.name, unit_code=employer.unit_code,
                     address=employer.address_commune.name, agency="Bảo hiểm xã hội")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="C12-TS-{employer.unit_code}-{notice.period}.pdf"'
    return response
