"""REST API of the targets: allocating a unit's target among its offices or communes by hand. A router
for /api/v1/planning (to be mounted in config/api.py). Scoped like the pages: a plan or unit outside what the user may change is
"not found"; a refusal of the shares names the unit (`field` "kind:id", `details.unit` its name)."""

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from ansinh.core.errors import InvalidInput, NotFound
from ansinh.planning import selectors
from ansinh.planning.access import may_edit
from ansinh.planning.models import Plan, Target
from ansinh.planning.services.allocate import targets_allocate
from ansinh.reports.selectors import Scope

router = Router()


class ShareIn(Schema):
    unit: str = Field(description='A child unit of the parent: "office:<id>" or "commune:<id>"')
    value: int = Field(description="Its share: persons or VND, a whole number, not negative")


class AllocationIn(Schema):
    metric: Literal["si", "vsi", "ui", "hi", "revenue"]
    parent: str = Field(description='The unit whose target is split: "province:<id>" or "office:<id>"')
    method: Literal["manual"] = Field(
        "manual", description="By hand: the shares given, adding up to the target"
    )
    shares: list[ShareIn]
    reason: str = Field("", max_length=300)


class PlanVersionOut(Schema):
    id: int
    province_id: int
    year: int
    version: int
    supersedes_id: int | None
    method: str
    reason: str


class ChildOut(Schema):
    unit: str
    code: str
    name: str
    value: int | None


class AllocationOut(Schema):
    plan_id: int
    metric: str
    parent: str
    parent_name: str
    total: int
    children: list[ChildOut]


def _plan(request: HttpRequest, plan_id: int, parent: str) -> tuple[Plan, tuple[str, int]]:
    """The plan and the parent unit, if the user may change that unit's targets; "not found" otherwise."""
    scope = Scope(request.user)
    plan = Plan.objects.filter(pk=plan_id).first()
    key = selectors.parse_unit(parent)
    if plan is None or key[0] not in ("province", "office") or not may_edit(request.user, *key, scope=scope):
        raise NotFound("allocation", f"{plan_id}/{parent}")
    if key[0] == "office" and not Target.objects.filter(plan=plan, office_id=key[1]).exists():
        raise NotFound("allocation", f"{plan_id}/{parent}")
    if key[0] == "province" and key[1] != plan.province_id:
        raise NotFound("allocation", f"{plan_id}/{parent}")
    return plan, key


@router.get(
    "/plans/{plan_id}/allocation",
    response=AllocationOut,
    summary="A unit's target and its children's shares in a plan version (to allocate by hand from)",
)
def allocation_get(request: HttpRequest, plan_id: int, metric: str, parent: str) -> AllocationOut:
    plan, key = _plan(request, plan_id, parent)
    frame = selectors.allocation(plan, metric, key)
    return AllocationOut(
        plan_id=plan.pk,
        metric=metric,
        parent=parent,
        parent_name=frame.parent_name,
        total=frame.total,
        children=[ChildOut(unit=c.field, code=c.code, name=c.name, value=c.current) for c in frame.children],
    )


@router.post(
    "/plans/{plan_id}/allocation",
    response={201: PlanVersionOut},
    summary="Allocate a unit's target by hand: writes a new version of the plan",
)
def allocation_post(request: HttpRequest, plan_id: int, body: AllocationIn) -> Status:
    plan, key = _plan(request, plan_id, body.parent)
    shares: dict[tuple[str, int], int] = {}
    for share in body.shares:
        unit = selectors.parse_unit(share.unit)
        if unit in shares:
            raise InvalidInput(
                "duplicate_unit",
                f"{share.unit} is given twice",
                field=share.unit,
                details={"unit": share.unit},
            )
        shares[unit] = share.value
    new = targets_allocate(
        actor=request.user,
        plan=plan,
        metric=body.metric,
        parent=key,
        shares=shares,
        reason=body.reason,
        source="api",
    )
    return Status(
        201,
        PlanVersionOut(
            id=new.pk,
            province_id=new.province_id,
            year=new.year,
            version=new.version,
            supersedes_id=new.supersedes_id,
            method=new.method,
            reason=new.reason,
        ),
    )
