"""REST API of the HI claims (/api/v1/healthcare): a facility sends a GIAMDINHHS file with its token and reads
its results; HI officers read the month and decide flagged findings. Scoped like the pages: a facility account
sees only its facility; outside the scope is "not found". A malformed file is answered 422 with one entry per
table, episode (MA_LK), line and field, and nothing is stored."""

from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from ansinh.accounts.models import Role
from ansinh.core.errors import ApplicationError, NotFound
from ansinh.healthcare import selectors, services
from ansinh.healthcare.models import ClaimFile
from ansinh.rules.periods import Month

router = Router()


class FileOut(Schema):
    id: int
    facility_code: str
    episodes: int
    replaced: int
    unchanged: int


class FacilityMonthOut(Schema):
    facility_code: str
    episodes: int
    lines: int
    claimed: int
    accepted: int
    reduced: int
    rejected: int
    waiting: int


class FindingOut(Schema):
    id: int
    facility_code: str
    ma_lk: str
    line: str | None
    check_code: str
    outcome: str
    amount: int
    status: str
    reason: str
    answer_due: str | None
    facility_answer: str
    answered_at: str | None


class AnswerIn(Schema):
    answer: str


class DecisionIn(Schema):
    decision: str
    reason: str


def _period(text: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError:
        raise ApplicationError("bad_period", "period must be YYYY-MM", field="period") from None


@router.post("/claims", response={201: FileOut}, summary="Send a GIAMDINHHS claim file")
def claims_send(request: HttpRequest, file: File[UploadedFile]):
    account = selectors._facility_account(request.user)
    codes = selectors.facility_codes_of(request.user)
    if account is None and not (request.user.is_superuser or request.user.role in (Role.HI_OFFICER,
                                                                                      Role.ADMINISTRATOR)):
        raise NotFound("facility", "")
    f = services.claims_receive(actor=request.user, stream=file, file_name=file.name or "", channel=ClaimFile.Channel.API,
                                facility_code=account.facility_code if account else None)
    if codes is not None and f.facility_code not in codes:
        raise NotFound("facility", f.facility_code)
    return Status(201, FileOut(id=f.pk, facility_code=f.facility_code, episodes=f.episodes, replaced=f.replaced,
                               unchanged=f.unchanged))


@router.get("/months/{period}", response=list[FacilityMonthOut], summary="The month by facility")
def month(request: HttpRequest, period: str):
    rows = selectors.month_by_facility(request.user, _period(period).first_day)
    return [FacilityMonthOut(facility_code=c, episodes=m.episodes, lines=m.lines, claimed=m.claimed,
                             accepted=m.accepted, reduced=m.reduced, rejected=m.rejected, waiting=m.flags)
            for c, m in rows.items()]


@router.get("/findings", response=list[FindingOut], summary="The month's findings")
def findings(request: HttpRequest, period: str):
    qs = (selectors.findings_visible(request.user).filter(episode__current=True,
                                                          episode__period=_period(period).first_day)
          .select_related("episode", "line").order_by("episode__facility_code", "episode__ma_lk", "check_code"))
    return [_out(f) for f in qs[:10_000]]


def _out(f) -> FindingOut:
    return FindingOut(id=f.pk, facility_code=f.episode.facility_code, ma_lk=f.episode.ma_lk,
                      line=f"{f.line.table}:{f.line.stt}" if f.line_id else None, check_code=f.check_code,
                      outcome=f.outcome, amount=f.amount, status=f.status, reason=f.reason,
                      answer_due=f.answer_due.isoformat() if f.answer_due else None,
                      facility_answer=f.facility_answer,
                      answered_at=f.answered_at.isoformat() if f.answered_at else None)


@router.post("/findings/{finding_id}/decision", response=FindingOut, summary="Accept or reject a flagged finding")
def decision(request: HttpRequest, finding_id: int, body: DecisionIn):
    if not (request.user.is_superuser or request.user.role in (Role.HI_OFFICER, Role.MANAGER, Role.ADMINISTRATOR)):
        raise NotFound("finding", finding_id)
    f = services.finding_decide(actor=request.user, finding_id=finding_id, decision=body.decision, reason=body.reason,
                                visible=selectors.findings_visible(request.user))
    return _out(f)


@router.post("/findings/{finding_id}/answer", response=FindingOut,
             summary="The facility answers a finding (by the deadline notified with the result)")
def answer(request: HttpRequest, finding_id: int, body: AnswerIn):
    """A facility account answers its own findings; HI officers may record a written answer on its behalf. After
    the deadline the answer is refused (422, code answer_late)."""
    account = selectors._facility_account(request.user)
    if account is None and not (request.user.is_superuser or request.user.role in (Role.HI_OFFICER,
                                                                                      Role.ADMINISTRATOR)):
        raise NotFound("finding", finding_id)
    f = services.finding_answer(actor=request.user, finding_id=finding_id, text=body.answer,
                                visible=selectors.findings_visible(request.user), on_behalf=account is None)
    f = selectors.findings_visible(request.user).select_related("episode", "line").get(pk=f.pk)
    return _out(f)
