"""Use cases of the claims: receive a file (all or nothing, idempotent by MA_LK and content, a correction becomes a
new version), assess a month or the episodes just received (set-based, ansinh.healthcare.checks), decide a flagged
finding (audited)."""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import threading
import time
from collections.abc import Iterable
from typing import IO, Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.core.bulk import insert_rows
from ansinh.core.errors import ApplicationError, FileErrors, NotFound
from ansinh.healthcare import checks
from ansinh.healthcare.intake import Normalised, RawEpisode, normalise, problem, read_file
from ansinh.healthcare.models import (
    AppointmentSlip,
    AssessmentRun,
    ClaimFile,
    Episode,
    EpisodeXml1,
    Facility,
    Finding,
    Line,
    RawTable,
)
from ansinh.rules import healthcare as hc
from ansinh.rules.periods import Month

LINE_COLUMNS = ("episode_id", "table", "stt", "kind", "code", "name", "group", "scope", "qty_milli", "price_milli",
                "price_bv_milli", "rate_dv", "rate_bh", "amount_bv", "amount_bh", "calc_bh", "benefit", "t_bntt",
                "t_bncct", "t_bhtt", "t_nguonkhac", "ordered", "ordered_day", "performed", "resulted", "practitioner",
                "department", "tender", "package", "package_cap", "card_number")


def claims_receive(*, actor: Any, stream: IO[bytes], file_name: str = "", channel: str = ClaimFile.Channel.UPLOAD,
                   facility_code: str | None = None, assess: bool = True) -> ClaimFile:
    """Read, check and store a GIAMDINHHS file; refuse it whole (FileErrors, per table and field) on any problem.
    `facility_code`: the sender's facility when it is known (facility token) — the file must be its own."""
    data = stream.read(hc_max_bytes() + 1)
    if len(data) > hc_max_bytes():
        raise FileErrors([problem("GIAMDINHHS", f"file larger than {hc_max_bytes()} bytes")])
    import io

    raw, problems = read_file(io.BytesIO(data))
    if facility_code and raw and raw[0].facility_code != facility_code:
        problems.append(problem("THONGTINDONVI", f"MACSKCB {raw[0].facility_code} is not your facility "
                                f"({facility_code})", field="MACSKCB"))
    normalised = [n for ep in raw if (n := normalise(ep, problems)) is not None]
    if raw and not problems and not Facility.objects.filter(code=raw[0].facility_code).exists():
        problems.append(problem("THONGTINDONVI", f"facility {raw[0].facility_code} is not in the reference data",
                                field="MACSKCB"))
    keys = [n.episode["ma_lk"] for n in normalised]
    dupes = {k for k in keys if keys.count(k) > 1} if len(keys) < 5000 else _dupes(keys)
    for k in sorted(dupes):
        problems.append(problem("XML1", "MA_LK appears more than once in the file", ma_lk=k, field="MA_LK"))
    if problems:
        raise FileErrors(problems)
    return store(actor=actor, episodes=normalised, facility_code=raw[0].facility_code, file_name=file_name,
                 sha256=hashlib.sha256(data).hexdigest(), channel=channel, assess=assess)


def _dupes(keys: list[str]) -> set[str]:
    seen: set[str] = set()
    out: set[str] = set()
    for k in keys:
        (out if k in seen else seen).add(k)
    return out


def hc_max_bytes() -> int:
    from ansinh.healthcare.intake import MAX_FILE_BYTES

    return MAX_FILE_BYTES


def store(*, actor: Any, episodes: list[Normalised], facility_code: str, file_name: str, sha256: str, channel: str,
          assess: bool = True) -> ClaimFile:
    """Write the episodes of one file in one transaction: new MA_LK → version 1; same content as the version held →
    nothing; different content → a new version, the earlier kept as history (current = False)."""
    with transaction.atomic():
        held = {
            ma_lk: (pk, version, digest)
            for ma_lk, pk, version, digest in Episode.objects.filter(
                facility_code=facility_code, current=True, ma_lk__in=[n.episode["ma_lk"] for n in episodes]
            ).values_list("ma_lk", "pk", "version", "digest").iterator()
        } if len(episodes) <= 20_000 else _held_all(facility_code)
        file = ClaimFile.objects.create(facility_code=facility_code, file_name=file_name[:200], sha256=sha256,
                                        channel=channel, received_at=timezone.now(), actor=_user(actor))
        new: list[Normalised] = []
        superseded: list[int] = []
        versions: list[int] = []
        unchanged = 0
        for n in episodes:
            old = held.get(n.episode["ma_lk"])
            if old and old[2] == n.episode["digest"]:
                unchanged += 1
                continue
            if old:
                superseded.append(old[0])
            versions.append(old[1] + 1 if old else 1)
            new.append(n)
        if superseded:
            for chunk in _chunks(superseded, 5000):
                Episode.objects.filter(pk__in=chunk).update(current=False)
        objs = Episode.objects.bulk_create(
            [Episode(file=file, version=v, current=True, **{k: x for k, x in n.episode.items() if k != "xml1"})
             for n, v in zip(new, versions, strict=True)],
            batch_size=2000,
        )
        EpisodeXml1.objects.bulk_create([EpisodeXml1(episode=ep, fields=n.episode["xml1"])
                                         for ep, n in zip(objs, new, strict=True)], batch_size=2000)
        rows = ((ep.pk, *(line[c] for c in LINE_COLUMNS[1:-1]), n.episode["card_number"])
                for ep, n in zip(objs, new, strict=True) for line in n.lines)
        insert_rows(Line._meta.db_table, LINE_COLUMNS, rows, plain=True)
        RawTable.objects.bulk_create([RawTable(episode=ep, table=t, content=text) for ep, n in zip(objs, new, strict=True)
                                      for t, text in n.raw.items()], batch_size=2000)
        AppointmentSlip.objects.bulk_create([AppointmentSlip(episode=ep, **n.appointment)
                                             for ep, n in zip(objs, new, strict=True) if n.appointment],
                                            batch_size=2000)
        file.episodes, file.replaced, file.unchanged = len(new), len(superseded), unchanged
        file.save(update_fields=["episodes", "replaced", "unchanged"])
        audit.record(actor=actor, action="create", obj=file, after={"episodes": len(new), "replaced": len(superseded),
                                                                   "unchanged": unchanged, "file": file_name},
                     source=channel)
        if assess and objs:
            assess_episodes([e.pk for e in objs] + superseded, actor=actor)
    return file


def _held_all(facility_code: str) -> dict[str, tuple[int, int, str]]:
    return {m: (pk, v, d) for m, pk, v, d in Episode.objects.filter(facility_code=facility_code, current=True)
            .values_list("ma_lk", "pk", "version", "digest").iterator()}


def _chunks(items: list[int], n: int) -> Iterable[list[int]]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


# --- assessment ----------------------------------------------------------------------------------------------------

FINDING_COLUMNS = ("episode_id", "line_id", "check_code", "outcome", "amount", "detail")


def assess_month(month: Month, *, actor: Any = None) -> AssessmentRun:
    """Every check over the month's current episodes (all facilities), replacing the findings not yet decided."""
    sel = f"e.current AND e.period = '{month.first_day.isoformat()}'"
    refresh_statistics()
    return _run(sel, on=month.first_day, period=month.first_day, scope="month", actor=actor)


CLAIM_TABLES = ("healthcare_episode", "healthcare_line", "healthcare_catalogueitem", "healthcare_practitioner",
                "healthcare_finding")
VACUUMED_TABLES = ("healthcare_line", "healthcare_episode")


def refresh_statistics(*, force: bool = False) -> list[str]:
    """PostgreSQL: ANALYZE the claim tables that were never analysed or of which more than a tenth of the rows
    changed since (autovacuum's rule, which may not have run yet after a bulk load on a loaded server), and outside
    a transaction VACUUM the lines on the same rule. Without statistics PostgreSQL guessed a dozen episodes and
    chose nested loops that took minutes on 86,000 lines; with them always re-taken, ANALYZE (~4 s, the JSON of
    XML1 sampled) was half of the month's assessment (docs/PERFORMANCE.md). Returns the tables analysed or
    vacuumed."""
    if connection.vendor == "sqlite":
        # SQLite keeps no count of changed rows: the claim tables are analysed after a bulk load (force) and when
        # never analysed. Without statistics SQLite walks the month's episodes by the period index and looks each
        # one up; with them it scans the episodes (~10 % of the month's assessment at 500,000 lines, 0.3 s to take)
        with connection.cursor() as cur:
            cur.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
            held = set()
            if cur.fetchone():
                cur.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
                held = {r[0] for r in cur.fetchall()}
            stale = sorted(t for t in CLAIM_TABLES if force or t not in held)
            for table in stale:
                cur.execute(f"ANALYZE {table}")
            if force and not connection.in_atomic_block:  # after a bulk load: the write-ahead log into the file
                cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return stale
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cur:
        if force:
            stale = list(CLAIM_TABLES)
        else:
            cur.execute("SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(%s) AND ("
                        "COALESCE(last_analyze, last_autoanalyze) IS NULL "
                        "OR n_mod_since_analyze > 1000 + n_live_tup / 10)", [list(CLAIM_TABLES)])
            stale = sorted(r[0] for r in cur.fetchall())
        # outside a transaction, the tables read by their indexes alone in a month's run (the lines: V02 by the
        # index (order time, card, item), F05 on PostgreSQL by the index by episode; the episodes: V04 by the index
        # (admission day, card, current)) are vacuumed as well once a tenth of their rows came since the last vacuum
        # (autovacuum's rule for inserts, which may not have run yet after a bulk load): the visibility map lets the
        # scan skip the table's pages (without it, one heap fetch per row)
        vacuum: list[str] = []
        if not connection.in_atomic_block:
            cur.execute("SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(%s) AND "
                        "(COALESCE(last_vacuum, last_autovacuum) IS NULL OR n_ins_since_vacuum + n_dead_tup > "
                        "1000 + n_live_tup / 10)", [list(VACUUMED_TABLES)])
            vacuum = sorted(r[0] for r in cur.fetchall())
            for table in vacuum:
                cur.execute(f"VACUUM (ANALYZE) {table}")
        rest = [t for t in stale if t not in vacuum]
        if rest:
            cur.execute("ANALYZE " + ", ".join(rest))
    return sorted({*stale, *vacuum})


def assess_episodes(episode_ids: list[int], *, actor: Any = None) -> AssessmentRun | None:
    """The same checks on the episodes just received and on the current episodes of the same cards (whose
    cross-facility findings may change with the newcomers)."""
    ids = sorted({int(i) for i in episode_ids})
    if not ids:
        return None
    cards = Episode.objects.filter(pk__in=ids).values("card_number")
    neighbours = set(Episode.objects.filter(current=True, card_number__in=cards).values_list("pk", flat=True))
    current = set(Episode.objects.filter(pk__in=ids, current=True).values_list("pk", flat=True))
    old = [i for i in ids if i not in current]
    with transaction.atomic():
        if old:  # superseded versions: their undecided findings go (decided ones stay, as history)
            Finding.objects.filter(episode_id__in=old, status__in=[Finding.Status.AUTO, Finding.Status.OPEN]).delete()
        chosen = sorted(current | neighbours)
        if not chosen:
            return None
        first = Episode.objects.filter(pk__in=chosen).order_by("period").values_list("period", flat=True).first()
        sel = f"e.current AND e.id IN ({','.join(map(str, chosen))})"
        return _run(sel, on=first or timezone.localdate(), period=None, scope="episode", actor=actor)


def check_settings(cur: Any, *, parallel: bool = False) -> None:
    """Inside the assessment's transaction, on PostgreSQL: the checks are a few large hash joins; JIT compiling them
    costs more than it saves (as in the payroll and the card run), and 4 MB of work_mem splits a month's hash of
    lines into batches on disk. On SQLite: the file memory-mapped, its pages read in place instead of copied into
    the page cache (a setting of the connection; SQLite caps it at 2 GB)."""
    if connection.vendor == "postgresql":
        cur.execute("SET LOCAL jit = off")
        cur.execute("SET LOCAL work_mem = '64MB'")
        if parallel and PARALLEL_PG_WORKERS is not None:
            cur.execute(f"SET LOCAL max_parallel_workers_per_gather = {int(PARALLEL_PG_WORKERS)}")
    elif connection.vendor == "sqlite":
        cur.execute("PRAGMA mmap_size = 2147483647")


# Checks that PostgreSQL misplans over a month, and the settings it runs them with (only in a month's run: a single
# episode's run wants the index probes). P02 (price above the approved price) was planned as a nested loop over the
# approved-price list probing the lines' (code, order time) index, 2.3 s at 500,000 lines, against 0.5 s as hash
# joins; in the line pass, as a memoised probe of the approved prices per line (1.7 s against 1.0 s at a million
# lines). F05 (the sums of each episode's lines) hashes the month's lines by episode: 1.1 s at a million lines,
# against 0.5 s merging the episodes in their key's order with the index (episode, amounts, quantity, group) read
# alone, summed as it goes; and without parallel workers, each of which would sum every line again (0.78 s with two
# workers against 0.59 s without, the sums then joined to the episodes; docs/PERFORMANCE.md).
MONTH_SETTINGS = {"P02": {"enable_nestloop": "off"},
                  "F05": {"enable_hashagg": "off", "enable_hashjoin": "off", "max_parallel_workers_per_gather": "0"}}


def fetch_check(cur: Any, code: str, select: str, *, month: bool) -> list[tuple]:
    """The rows of one statement of `checks.statements` (`code`: a check's code, or a pass's codes joined by '+';
    `select`: as rendered): the findings, a few per thousand lines."""
    settings = {k: v for c in code.split("+") for k, v in MONTH_SETTINGS.get(c, {}).items()} \
        if month and connection.vendor == "postgresql" else {}
    held = []
    for name, value in sorted(settings.items()):  # for this statement only, in the run's transaction
        cur.execute("SELECT current_setting(%s), set_config(%s, %s, true)", [name, name, value])
        held.append((name, cur.fetchone()[0]))
    cur.execute(select)
    rows = cur.fetchall()
    for name, value in held:
        cur.execute("SELECT set_config(%s, %s, true)", [name, value])
    return rows


def run_check(cur: Any, code: str, select: str, *, month: bool, into: str = "hc_found") -> None:
    """One statement of `checks.statements`, its rows into the table `into` (FINDING_COLUMNS). SQLite: INSERT …
    SELECT. PostgreSQL: the SELECT, then its rows written with COPY — PostgreSQL never runs the SELECT of an INSERT
    in parallel, and alone it does: at ten million lines the line pass took 4.7 s with two workers against 13.0 s
    inside the INSERT (docs/PERFORMANCE.md)."""
    if connection.vendor == "postgresql":
        insert_rows(into, FINDING_COLUMNS, fetch_check(cur, code, select, month=month), plain=True)
    else:
        cur.execute(f"INSERT INTO {into} ({', '.join(FINDING_COLUMNS)}) {select}")


# Seconds per statement at ten million lines, SQLite + PostgreSQL (docs/PERFORMANCE.md, session 7): a month's
# statements run longest first on two connections, so that both finish together. A statement (a pass) weighs as its
# heaviest check; the rest weigh 1 (as the month's counts, "count", from the episodes alone, and F11, from the package
# lines' index).
CHECK_WEIGHT = {**dict.fromkeys(("C02", "F01", "F03", "T02", "T06", "B01", "P05"), 20), "F05": 15, "T05": 15,
                "P01": 20, "P02": 20, "V02": 7, **dict.fromkeys(("C01", "C04", "F06", "T04", "R01", "R02", "T01"), 4),
                "V04": 4, "R03": 2}
PARALLEL_CONNECTIONS = 2  # the machine's cores
# PostgreSQL: parallel workers per statement while the month's statements run on PARALLEL_CONNECTIONS connections
# (None: the server's max_parallel_workers_per_gather)
PARALLEL_PG_WORKERS: int | None = None


def _weight(label: str) -> int:
    return max(CHECK_WEIGHT.get(c, 1) for c in label.split("+"))


def _fetch_parallel(cur: Any, jobs: list[tuple[str, str]], *, month: bool) -> dict[str, list[tuple]]:
    """The rows of each (label, SELECT), the statements shared by this connection (`cur`, in the run's transaction)
    and PARALLEL_CONNECTIONS - 1 threads, each with its own connection (closed at the end), taking the next statement
    in `jobs`' order as it becomes free. The checks read only committed rows (the month as loaded), which every
    connection sees alike: SQLite's readers in WAL mode beside this connection's write transaction, PostgreSQL's in
    READ COMMITTED."""
    if connection.vendor == "postgresql" and PARALLEL_PG_WORKERS is not None:
        cur.execute(f"SET LOCAL max_parallel_workers_per_gather = {int(PARALLEL_PG_WORKERS)}")
    todo = collections.deque(jobs)
    out: dict[str, list[tuple]] = {}
    errors: list[BaseException] = []

    def work(c: Any) -> None:
        while not errors:
            try:
                label, select = todo.popleft()
            except IndexError:
                return
            out[label] = fetch_check(c, label, select, month=month)

    def thread() -> None:
        try:
            if connection.vendor == "postgresql":  # SET LOCAL wants a transaction (reads only)
                with transaction.atomic(), connection.cursor() as c:
                    check_settings(c, parallel=True)
                    work(c)
            else:  # SQLite: no transaction of its own (IMMEDIATE would wait for the run's write lock)
                with connection.cursor() as c:
                    check_settings(c)
                    work(c)
        except BaseException as exc:  # raised again in the calling thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=thread, name=f"hc-check-{i}") for i in range(PARALLEL_CONNECTIONS - 1)]
    for t in threads:
        t.start()
    try:
        work(cur)
    except BaseException as exc:
        errors.append(exc)
    finally:
        for t in threads:
            t.join()
    if errors:
        raise errors[0]
    return out


def _run(sel: str, *, on: dt.date, period: dt.date | None, scope: str, actor: Any) -> AssessmentRun:
    """The checks over the episodes chosen by `sel` (a condition on the alias `e`). A month's run made outside any
    transaction (the month's rows committed) runs its statements on two connections at once; otherwise (inside the
    intake's transaction, or a test's) one after the other. The findings are the same either way. The bookkeeping
    around the checks reads the findings, probing each one's episode by its key, not the month's episodes."""
    started = time.perf_counter()
    idiv = "/"
    parallel = scope == "month" and not connection.in_atomic_block and connection.vendor in ("postgresql", "sqlite")
    with transaction.atomic():
        run = AssessmentRun.objects.create(period=period, scope=scope, started_at=timezone.now(), actor=_user(actor))
        q = connection.ops.quote_name
        e = Episode._meta.db_table
        f = Finding._meta.db_table
        chosen = f"EXISTS (SELECT 1 FROM {q(e)} e WHERE e.id = {q(f)}.episode_id AND {sel})"  # a finding's episode
        # undecided, unanswered findings of the selection go; decided or answered ones are kept and not found
        # again; the answer deadline of a finding found again is the one first notified
        with connection.cursor() as cur:
            check_settings(cur)
            cur.execute("CREATE TEMPORARY TABLE hc_due (episode_id bigint, line_id bigint, check_code varchar(4), "
                        "answer_due date)")
            cur.execute(f"INSERT INTO hc_due SELECT episode_id, COALESCE(line_id, 0), check_code, answer_due "
                        f"FROM {q(f)} WHERE answer_due IS NOT NULL AND {chosen}")
            cur.execute("CREATE INDEX hc_due_key ON hc_due (episode_id, line_id, check_code)")
            cur.execute(f"DELETE FROM {q(f)} WHERE status IN ('auto', 'open') AND answered_at IS NULL AND {chosen}")
            cur.execute("CREATE TEMPORARY TABLE hc_found (episode_id bigint, line_id bigint, check_code varchar(4), "
                        "outcome varchar(8), amount bigint, detail varchar(300))")
            try:
                jobs = [(code, checks.render(select, tables=checks.DJANGO_TABLES, sel=sel, idiv=idiv))
                        for code, select in checks.statements(on, month=scope == "month",
                                                              probes=checks.probes_per_row(connection.vendor))]
                count = f"SELECT COUNT(*), COALESCE(SUM(e.line_count), 0) FROM {q(e)} e WHERE {sel}"
                if parallel:
                    rows = _fetch_parallel(cur, sorted([*jobs, ("count", count)], key=lambda j: -_weight(j[0])),
                                           month=True)
                    for code, _select in jobs:  # written in the statements' order, as one by one
                        insert_rows("hc_found", FINDING_COLUMNS, rows[code], plain=True)
                    run.episodes, run.lines = rows["count"][0]
                else:
                    for code, select in jobs:
                        run_check(cur, code, select, month=scope == "month")
                    cur.execute(count)
                    run.episodes, run.lines = cur.fetchone()
                cur.execute(
                    f"INSERT INTO {q(f)} (episode_id, line_id, check_code, outcome, amount, detail, status, reason, "
                    f"facility_answer) SELECT h.episode_id, h.line_id, h.check_code, h.outcome, h.amount, "
                    f"SUBSTR(h.detail, 1, 300), CASE WHEN h.outcome = 'flag' THEN 'open' ELSE 'auto' END, '', '' "
                    f"FROM hc_found h WHERE NOT EXISTS (SELECT 1 FROM {q(f)} d WHERE d.episode_id = h.episode_id "
                    f"AND d.check_code = h.check_code AND (d.line_id = h.line_id OR (d.line_id IS NULL AND "
                    f"h.line_id IS NULL)) AND (d.status IN ('accepted', 'rejected') OR d.answered_at IS NOT NULL))")
                # the deadline first notified, else today's (none before the rule's first day): one statement
                due = hc.answer_due(timezone.localdate())
                cur.execute(f"UPDATE {q(f)} SET answer_due = COALESCE((SELECT MIN(u.answer_due) FROM hc_due u "
                            f"WHERE u.episode_id = {q(f)}.episode_id AND u.line_id = COALESCE({q(f)}.line_id, 0) "
                            f"AND u.check_code = {q(f)}.check_code), %s) WHERE answer_due IS NULL AND {chosen}",
                            [due])
                cur.execute("SELECT COUNT(*) FROM hc_found")
                run.findings = cur.fetchone()[0]
            finally:
                cur.execute("DROP TABLE hc_found")
                cur.execute("DROP TABLE hc_due")
        run.finished_at = timezone.now()
        run.seconds = time.perf_counter() - started
        run.save()
    return run


def finding_decide(*, actor: Any, finding_id: int, decision: str, reason: str, visible: Any) -> Finding:
    """An HI officer accepts (the item is paid) or rejects (the finding's amount is taken) a flagged finding."""
    if decision not in ("accept", "reject"):
        raise ApplicationError("bad_decision", "decision must be accept or reject", field="decision")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("reason_required", "give the reason for the decision", field="reason")
    with transaction.atomic():
        finding = visible.select_for_update().filter(pk=finding_id).first()
        if finding is None:
            raise NotFound("finding", finding_id)
        if finding.status != Finding.Status.OPEN:
            raise ApplicationError("not_open", "this finding is not waiting for a decision", field="decision")
        before = audit.snapshot(finding)
        finding.status = Finding.Status.ACCEPTED if decision == "accept" else Finding.Status.REJECTED
        finding.decided_by = _user(actor)
        finding.decided_at = timezone.now()
        finding.reason = reason[:300]
        finding.save()
        audit.record(actor=actor, action="update", obj=finding, before=before, after=audit.snapshot(finding),
                     reason=reason, source="web")
    return finding


def finding_answer(*, actor: Any, finding_id: int, text: str, visible: Any, on_behalf: bool = False) -> Finding:
    """The facility's answer to a finding (its justification, TT 12/2026 Art 10.2-10.4), once, by the deadline
    notified with the result; the assessor sees it in the queue and the episode. Staff may record a written answer
    on the facility's behalf (on_behalf, named in the audit). Audited."""
    text = (text or "").strip()
    if not text:
        raise ApplicationError("answer_required", "write the facility's answer", field="answer")
    if len(text) > 500:
        raise ApplicationError("answer_too_long", "the answer has at most 500 characters", field="answer")
    with transaction.atomic():
        finding = visible.select_for_update().filter(pk=finding_id).first()
        if finding is None:
            raise NotFound("finding", finding_id)
        if finding.status in (Finding.Status.ACCEPTED, Finding.Status.REJECTED):
            raise ApplicationError("already_decided", "the assessor has already decided this finding", field="answer")
        if finding.answered_at is not None:
            raise ApplicationError("already_answered", "this finding has already been answered", field="answer")
        today = timezone.localdate()
        if finding.answer_due is None or today > finding.answer_due:
            due = finding.answer_due.isoformat() if finding.answer_due else "-"
            raise ApplicationError("answer_late", f"the deadline to answer was {due}; answers are no longer taken",
                                   field="answer")
        before = audit.snapshot(finding)
        finding.facility_answer = text
        finding.answered_at = timezone.now()
        finding.answered_by = _user(actor)
        finding.save(update_fields=["facility_answer", "answered_at", "answered_by"])
        audit.record(actor=actor, action="update", obj=finding, before=before, after=audit.snapshot(finding),
                     reason="answer recorded on the facility's behalf" if on_behalf else "facility answer",
                     source="web")
    return finding


def facilities_on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def raw_episode_ids(raw: list[RawEpisode]) -> list[str]:
    return [r.xml1.get("MA_LK", "") for r in raw]
