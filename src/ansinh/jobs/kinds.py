"""The kinds of job: who may start each, its form, its lock key and how it runs. Every runner calls the same
service as the `ansinh` command of the same job; nothing here computes anything."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import Role
from ansinh.core.progress import Progress
from ansinh.rules.periods import Month

COLLECTION = frozenset({Role.COLLECTION_OFFICER, Role.MANAGER, Role.ADMINISTRATOR})
HI = frozenset({Role.HI_OFFICER, Role.MANAGER, Role.ADMINISTRATOR})
BENEFITS = frozenset({Role.BENEFITS_OFFICER, Role.MANAGER, Role.ADMINISTRATOR})
STATISTICS = frozenset({Role.MANAGER, Role.ADMINISTRATOR, Role.COLLECTION_OFFICER})
POPULATION = frozenset({Role.MANAGER, Role.ADMINISTRATOR})


@dataclass
class Outcome:
    """What a run produced: summary rows (key of SUMMARY_LABELS or free text, value, format: n | vnd | t),
    links (label key, url), the months whose sources changed (for the statistics) and log lines."""

    summary: list[list[Any]] = field(default_factory=list)
    links: list[list[str]] = field(default_factory=list)
    months: list[str] = field(default_factory=list)
    refresh_dirty: bool = False  # the months are not known: refresh every month whose sources changed

    def add(self, key: str, value: Any, fmt: str = "n") -> None:
        self.summary.append([key, value, fmt])

    def link(self, key: str, url: str) -> None:
        self.links.append([key, url])


SUMMARY_LABELS: dict[str, Promise] = {
    "months": _("Months assessed"),
    "employments_read": _("Employments read"),
    "lines_due": _("Employees due"),
    "lines_written": _("Lines written"),
    "lines_removed": _("Lines removed"),
    "txns": _("Ledger transactions"),
    "total_delta": _("Amount posted"),
    "below_floor": _("Declared below the salary floor"),
    "employers": _("Employers"),
    "already_posted": _("Already posted"),
    "total": _("Total"),
    "skipped": _("Skipped"),
    "lines": _("Lines"),
    "credits": _("Credit lines"),
    "debits_skipped": _("Debit lines left out"),
    "already_imported": _("Already imported"),
    "matched": _("Matched"),
    "matched_amount": _("Amount matched"),
    "unmatched": _("To the unmatched queue"),
    "unmatched_amount": _("Amount unmatched"),
    "ambiguous": _("Ambiguous"),
    "dry_run": _("Dry run: nothing written"),
    "agents": _("Agents"),
    "posted": _("Transactions posted"),
    "late": _("Receipts changed after posting"),
    "candidates": _("Persons with paid HI coverage"),
    "already_valid": _("Already hold a valid card"),
    "issued": _("Cards issued"),
    "new": _("New cards"),
    "renewed": _("Renewed"),
    "changed": _("Changed"),
    "with_local_support": _("Cards with the province's HI support"),
    "entitlements_read": _("Benefits read"),
    "arrears_lines": _("Months in arrears"),
    "stopped_by_death": _("Stopped after death"),
    "suspended_uncollected": _("Suspended: not collected for 6 months"),
    "deducted": _("Deducted for recoveries"),
    "one_off_lines": _("One-off amounts"),
    "paid": _("Paid"),
    "returned": _("Returned"),
    "uncollected": _("Not collected"),
    "paid_amount": _("Amount paid"),
    "months_built": _("Months built"),
    "rows": _("Summary rows"),
    "created": _("Created"),
    "updated": _("Updated"),
    "unchanged": _("Unchanged"),
    "nothing_new": _("Nothing new to pay"),
    "files": _("Files"),
    "declarations": _("Declarations received"),
}

LINK_LABELS: dict[str, Promise] = {
    "debts": _("Debt list"),
    "reports": _("Reports"),
    "payroll": _("Monthly payroll"),
    "statistics": _("Statistics"),
    "notice": _("C12 notices"),
}


# --- forms --------------------------------------------------------------------------------------------------------

class MonthInput(forms.TextInput):
    input_type = "month"


def _default_month() -> str:
    return str(Month.of(timezone.localdate()) - 1)


class PeriodField(forms.CharField):
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Month"))
        kwargs.setdefault("widget", MonthInput())
        kwargs.setdefault("initial", _default_month)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if not value:
            return ""
        try:
            month = Month.parse(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if month > Month.of(timezone.localdate()) + 1:
            raise forms.ValidationError(_("The month is too far in the future."), code="future")
        return str(month)


class PeriodForm(forms.Form):
    period = PeriodField()


class InterestForm(PeriodForm):
    si_fund_return = forms.DecimalField(
        label=_("SI fund return (yearly, e.g. 0.0423)"), required=False, min_value=Decimal("0.0001"),
        max_value=Decimal("0.9999"), decimal_places=6,
        help_text=_("Only for a month before 2025-07 of a year the rules tables lack."))
    hi_interbank_rate = forms.DecimalField(
        label=_("HI interbank rate (yearly)"), required=False, min_value=Decimal("0.0001"),
        max_value=Decimal("0.9999"), decimal_places=6)


class CardsForm(PeriodForm):
    primary_care = forms.CharField(
        label=_("Primary care facility code"), required=False, max_length=5,
        help_text=_("5 characters, for persons without one; leave empty to register later."))


class PayrollForm(PeriodForm):
    WHAT = [("all", _("Recurring benefits and one-off amounts")), ("recurring", _("Recurring benefits only")),
            ("one_off", _("One-off amounts decided so far"))]
    what = forms.ChoiceField(label=_("What to pay"), choices=WHAT, initial="all")
    double = forms.BooleanField(label=_("Also pay the next month in this period (e.g. before Tết)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("double") and data.get("what") == "one_off":
            raise forms.ValidationError(_("Paying two months applies to the recurring benefits."))
        return data


class UploadField(forms.FileField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("File"))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        from django.conf import settings

        upload = super().clean(data, initial)
        if upload is not None and upload.size > settings.ANSINH_JOB_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": settings.ANSINH_JOB_UPLOAD_MAX_BYTES // 2**20},
                code="too_large")
        return upload


class BankStatementForm(forms.Form):
    file = UploadField(help_text=_("The bank's statement, CSV or XLSX."))
    bank = forms.CharField(label=_("Bank code"), initial="MB", max_length=20,
                           help_text=_("MB has a built-in layout."))
    account = forms.CharField(label=_("Account number"), required=False, max_length=40)
    dry_run = forms.BooleanField(label=_("Dry run: check and match, write nothing"), required=False)


class SettlementForm(PeriodForm):
    file = UploadField(help_text=_("The return file of the bank or the postal service: line_id,status,date."))


class PopulationForm(forms.Form):
    file = UploadField(help_text=_("CSV: unit_level, unit_code, valid_on or generation, year, total, male, female, source."))


class DeclarationsForm(forms.Form):
    file = UploadField(help_text=_("A ZIP of D02-LT files (XLSX or XML), one per employer, each naming its unit code."))
    period = PeriodField(required=False, initial="", help_text=_("Empty: the month each file names."))


class StatisticsForm(forms.Form):
    period = PeriodField(required=False, help_text=_("Empty: every month whose sources changed."))


# --- runners: each calls the service its command calls ------------------------------------------------------------

def _actor(run: Any) -> Any:
    return run.started_by


def run_assess(run: Any, progress: Progress) -> Outcome:
    from ansinh.analytics.assessment import assess

    period = Month.parse(run.params["period"])
    _, report = assess(period, actor=_actor(run), progress=progress)
    out = Outcome(months=list(report.months))
    out.add("months", ", ".join(report.months), "t")
    for key in ("employments_read", "lines_due", "lines_written", "lines_removed", "txns"):
        out.add(key, getattr(report, key))
    out.add("total_delta", report.total_delta, "vnd")
    if report.below_floor:
        out.add("below_floor", report.below_floor)
    out.link("debts", reverse("contributions:debts") + f"?period={period}")
    return out


def run_interest(run: Any, progress: Progress) -> Outcome:
    from ansinh.analytics.arrears import accrue_interest

    period = Month.parse(run.params["period"])
    given = {fund: Decimal(run.params[key]) for key, fund in (("si_fund_return", "si"), ("hi_interbank_rate", "hi"))
             if run.params.get(key)}
    progress.start(1, "interest")
    report = accrue_interest(period, actor=_actor(run), given_returns=given or None)
    progress.advance(1)
    out = Outcome(months=[str(period)])
    out.add("txns", report.txns)
    out.add("already_posted", report.already_posted)
    out.add("total", report.total, "vnd")
    if report.skipped:
        out.add("skipped", len(report.skipped))
    progress.log(f"rule: {report.rule}")
    for note in report.skipped:
        progress.log(f"skipped: {note}")
    for note in report.given:
        progress.log(f"officer-given rate: {note}")
    out.link("debts", reverse("contributions:debts") + f"?period={period}")
    return out


def run_commission(run: Any, progress: Progress) -> Outcome:
    from ansinh.contributions.services.collection import commission_post

    period = Month.parse(run.params["period"])
    progress.start(1, "commission")
    report = commission_post(actor=_actor(run), period=period, source="job")
    progress.advance(1)
    out = Outcome(months=[str(period)])
    for key in ("agents", "posted", "already_posted"):
        out.add(key, getattr(report, key))
    out.add("total", report.total, "vnd")
    if report.late:
        out.add("late", ", ".join(report.late), "t")
    for row in report.rows:
        progress.log(f"{row['agent']}: {row['base']:,} × {row['rate']} = {row['commission']:,} VND")
    return out


def run_cards(run: Any, progress: Progress) -> Outcome:
    from ansinh.coverage.services.cards import cards_issue

    period = Month.parse(run.params["period"])
    report = cards_issue(period=period, actor=_actor(run), primary_care_code=run.params.get("primary_care", ""),
                         source="job", progress=progress)
    out = Outcome(months=[str(period)])
    for key in ("candidates", "already_valid", "issued", "new", "renewed", "changed"):
        out.add(key, getattr(report, key))
    out.add("with_local_support", sum(report.supported.values()))
    for group, n in sorted(report.supported.items()):
        progress.log(f"provincial support {group}: {n:,}")
    if report.skipped:
        out.add("skipped", sum(report.skipped.values()))
    for why, n in sorted(report.skipped.items()):
        progress.log(f"skipped {why}: {n:,}")
    return out


def run_payroll(run: Any, progress: Progress) -> Outcome:
    from ansinh.benefits.services.payroll import build_payroll

    period = Month.parse(run.params["period"])
    what = run.params.get("what", "all")
    payroll, report = build_payroll(period, double=bool(run.params.get("double")), actor=_actor(run),
                                    recurring=what != "one_off", one_off=what != "recurring", progress=progress)
    out = Outcome(months=list(report.months) or [str(period)])
    if not report.lines:
        out.add("nothing_new", f"{payroll.lines:,} / {payroll.total:,}", "t")
    for key in ("entitlements_read", "lines", "arrears_lines", "one_off_lines", "stopped_by_death",
                "suspended_uncollected", "txns"):
        out.add(key, getattr(report, key))
    out.add("total", report.total, "vnd")
    out.add("deducted", report.deducted, "vnd")
    out.link("payroll", reverse("benefits:payroll") + f"?period={period}")
    return out


def run_settlement(run: Any, progress: Progress) -> Outcome:
    from ansinh.benefits.models import Payroll
    from ansinh.benefits.services.payroll import settle_payroll
    from ansinh.core.errors import NotFound

    period = Month.parse(run.params["period"])
    payroll = Payroll.objects.filter(period=period.first_day).first()
    if payroll is None:
        raise NotFound("payroll", str(period))
    progress.start(1, "settlement")
    report = settle_payroll(actor=_actor(run), payroll=payroll, data=run_upload(run), file_name=run.upload_name,
                            source="job")
    progress.advance(1)
    out = Outcome(months=[str(period)], refresh_dirty=True)
    out.add("lines", report.lines)
    for status, n in sorted(report.by_status.items()):
        out.add(status if status in SUMMARY_LABELS else "lines", n)
    out.add("paid_amount", report.paid_amount, "vnd")
    out.link("payroll", reverse("benefits:payroll") + f"?period={period}")
    return out


def run_bank_statement(run: Any, progress: Progress) -> Outcome:
    from ansinh.contributions.imports.bank_statement import layout_for
    from ansinh.contributions.services.payments import bank_statement_import

    bank = run.params.get("bank") or "MB"
    progress.start(1, "statement")
    report = bank_statement_import(
        actor=_actor(run), data=run_upload(run), file_name=run.upload_name, bank=bank,
        account_no=run.params.get("account", ""), layout=layout_for(bank, None, None),
        dry_run=bool(run.params.get("dry_run")), source="job")
    progress.advance(1)
    out = Outcome(refresh_dirty=not report.dry_run)
    if report.dry_run:
        out.add("dry_run", "✓", "t")
    for key in ("lines", "debits_skipped", "credits", "matched"):
        out.add(key, getattr(report, key))
    out.add("matched_amount", report.matched_amount, "vnd")
    out.add("unmatched", report.unmatched)
    out.add("unmatched_amount", report.unmatched_amount, "vnd")
    out.add("already_imported", len(report.already_imported))
    out.add("ambiguous", len(report.ambiguous))
    out.add("txns", report.txns)
    for a in report.ambiguous[:50]:
        progress.log(f"ambiguous line {a['line']} ({a['reference']}): {', '.join(a['candidates'])}")
    out.link("debts", reverse("contributions:debts"))
    return out


def run_statistics(run: Any, progress: Progress) -> Outcome:
    from ansinh.analytics import statistics

    if run.params.get("period"):
        months = [Month.parse(run.params["period"])]
        only_dirty = bool(run.params.get("only_dirty"))
    else:
        span = statistics.data_months()
        months = statistics.month_range(*span) if span else []
        only_dirty = True
    reports = statistics.refresh(months, only_dirty=only_dirty, progress=progress) if months else []
    for r in reports:
        progress.log(f"{r.period}: {r.rows:,} rows in {r.seconds:.2f} s")
    out = Outcome()
    out.add("months_built", f"{len(reports)} / {len(months)}", "t")
    out.add("rows", sum(r.rows for r in reports))
    out.link("reports", reverse("reports:dashboard"))
    return out


def run_population(run: Any, progress: Progress) -> Outcome:
    from ansinh.places.services.population import import_population

    progress.start(1, "population")
    result = import_population(run_upload(run))
    progress.advance(1)
    out = Outcome(refresh_dirty=True)  # the coverage rates of the months read the population
    for key in ("created", "updated", "unchanged"):
        out.add(key, getattr(result, key))
    out.link("reports", reverse("reports:dashboard"))
    return out


def run_declarations(run: Any, progress: Progress) -> Outcome:
    from ansinh.contributions.services.declare import declarations_upload_many

    period = Month.parse(run.params["period"]) if run.params.get("period") else None
    report = declarations_upload_many(actor=_actor(run), data=run_upload(run), period=period, progress=progress)
    for d in report.declarations:
        progress.log(f"{d['file']}: {d['unit_code']} → {d['declaration']}")
    out = Outcome(refresh_dirty=True)
    out.add("files", report.files)
    out.add("declarations", len(report.declarations))
    for d in report.declarations[:20]:
        out.link(d["unit_code"], reverse("declarations:declaration_detail", args=[d["declaration"]]))
    return out


def run_upload(run: Any) -> bytes:
    from ansinh.jobs.progress import jobs_dir

    return (jobs_dir() / run.upload_path).read_bytes()


# --- the registry -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Kind:
    code: str
    label: Promise
    description: Promise
    roles: frozenset[str]
    form: type[forms.Form]
    run: Callable[[Any, Progress], Outcome]
    command: str  # the ansinh command that calls the same service
    refreshes_statistics: bool = True
    lock_on_period: bool = True

    def lock_key(self, params: dict[str, Any]) -> str:
        if self.lock_on_period and params.get("period"):
            return f"{self.code}:{params['period']}"
        return f"{self.code}:all"

    def may_start(self, user: Any) -> bool:
        return bool(user.is_authenticated and (user.is_superuser or user.role in self.roles))


KINDS: dict[str, Kind] = {k.code: k for k in [
    Kind("assess", _("Monthly assessment"), _("Amounts due of every employer for the month, posted to the ledger; "
         "changed earlier months are re-assessed as adjustments."), COLLECTION, PeriodForm, run_assess, "assess"),
    Kind("accrue_interest", _("Late-payment interest"), _("The month's interest on late contributions, posted once."),
         COLLECTION, InterestForm, run_interest, "accrue_interest"),
    Kind("bank_statement", _("Bank statement import"), _("Employer payments from the bank's statement, matched by unit "
         "code; the rest goes to the unmatched queue."), COLLECTION, BankStatementForm, run_bank_statement,
         "import_bank_statement", lock_on_period=False),
    Kind("commission", _("Agents' commission"), _("Commission of every collection agent on the month's receipts."),
         COLLECTION, PeriodForm, run_commission, "post_commission"),
    Kind("issue_cards", _("HI card issue"), _("HI cards for everyone whose coverage of the month is paid and who holds "
         "no valid card."), HI, CardsForm, run_cards, "issue_cards"),
    Kind("payroll", _("Payroll run"), _("Pensions, monthly allowances and one-off benefits to pay, by channel, posted "
         "to the ledger."), BENEFITS, PayrollForm, run_payroll, "payroll"),
    Kind("payroll_settle", _("Payroll settlement"), _("What the bank or the postal service paid, returned or could not "
         "pay, from their return file."), BENEFITS, SettlementForm, run_settlement, "payroll_settle"),
    Kind("import_declarations", _("Declarations of several employers"), _("D02-LT files of several employers in one "
         "ZIP, each received for the employer it names; all or nothing."), COLLECTION, DeclarationsForm,
         run_declarations, "import_declarations", lock_on_period=False),
    Kind("refresh_statistics", _("Statistics refresh"), _("The monthly summaries behind reports and dashboards."),
         STATISTICS, StatisticsForm, run_statistics, "refresh_statistics", refreshes_statistics=False),
    Kind("import_population", _("Population import"), _("Population by unit and year, for the coverage rates."),
         POPULATION, PopulationForm, run_population, "import_population", lock_on_period=False),
]}


def kinds_for(user: Any) -> list[Kind]:
    return [k for k in KINDS.values() if k.may_start(user)]
