"""Check and commit return files; shared by the CLI and the upload page so both tell the same story.

A file with any rejected row writes nothing; several files commit in one transaction or not at all. Rows with no
figure (blank, "-", "x"…) are not reported: skipped and counted, never a reason to refuse the file; a file with
no figure at all has nothing to commit and is not ok either.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl

from danvan.grammar.values import format_number
from danvan.ingest._validate import CheckResult, check_rows
from danvan.ingest.limits import Limits
from danvan.ingest.reader import ReadError, ReadResult, read_bytes
from danvan.store import audit, db, revisions
from danvan.store.authz import Refused, User, check
from danvan.store.registry import UnitIndex, index_for


@dataclass
class FilePlan:
    """What a file would do to the store; nothing is written until `commit`."""

    file_name: str
    sha256: str
    size_bytes: int
    read: ReadResult
    check: CheckResult
    summary: revisions.BatchSummary | None = None
    upload_id: int | None = None
    left_out: tuple[str, ...] = ()          # sheets the user left out: neither checked nor committed
    checked_rows: pl.DataFrame | None = field(default=None, repr=False)  # read.rows without them (what was checked)

    @property
    def rows(self) -> pl.DataFrame:
        """The rows that were checked, in the order `check` numbers them (`rec`)."""
        return self.read.rows if self.checked_rows is None else self.checked_rows

    @property
    def rows_total(self) -> int:
        return self.check.records

    @property
    def rows_rejected(self) -> int:
        return self.check.rejected

    @property
    def rows_not_reported(self) -> int:
        return self.check.not_reported

    @property
    def ok(self) -> bool:
        """No rejected row and at least one figure to write (not-reported rows neither block nor count)."""
        return self.rows_rejected == 0 and self.check.accepted.height > 0


def plan_bytes(
    con: duckdb.DuckDBPyConnection, data: bytes, name: str, *, default_period: str | None = None,
    today: date | None = None, limits: Limits | None = None, index: UnitIndex | None = None,
    within: str | None = None, leave_out: tuple[str, ...] = (), source: str | None = None,
) -> FilePlan:
    """Read, check and classify one file; raises ReadError or LimitError when it cannot be processed.

    `within`: a parent unit (code or name) chosen by the user; every unit of the file must lie inside it.
    `leave_out`: sheet names whose rows are dropped before checking (the page lets users leave a sheet out).
    `source`: the source text of figures whose row has no "Nguồn" of its own (the page's source box).
    """
    limits = limits or Limits.from_env()
    limits.check_size(len(data), name)
    read = read_bytes(data, name, limits)  # the reader bounds rows, columns and sizes while it reads
    limits.check_rows(read.rows.height, name)
    rows = read.rows
    left_out = tuple(dict.fromkeys(leave_out))
    if left_out and "sheet" in rows.columns:
        rows = rows.filter(~pl.col("sheet").is_in(left_out).fill_null(False))
    # The unit index takes ~0.3 s to build: callers checking several files (or rerunning a page) pass one in.
    check = check_rows(rows, index or index_for(con), today=today,
                       default_period=default_period or read.default_period, unit_level=read.unit_level,
                       within=(within,) if within else (), title_unit=read.title_unit, default_source=source)
    check.problems = _file_columns(check.problems, rows, read)
    plan = FilePlan(name, hashlib.sha256(data).hexdigest(), len(data), read, check, left_out=left_out,
                    checked_rows=rows)
    plan.summary = revisions.stage(con, check.accepted)
    return plan


def plan_file(con: duckdb.DuckDBPyConnection, path: str | Path, **options: object) -> FilePlan:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f'Không mở được tệp "{path}": {exc.strerror}') from exc
    return plan_bytes(con, data, path.name, **options)


def _file_columns(problems: pl.DataFrame, rows: pl.DataFrame, read: ReadResult) -> pl.DataFrame:
    """Name each problem's column as the file names it ("D (Giá trị)", or the wide sheet's cell column), on the
    row's own sheet; in a workbook of several tables the sheet comes first ("Quý 2 › D (Giá trị)")."""
    if problems.height == 0:
        return problems
    labels = pl.DataFrame([(s.name or None, f, label) for s in read.sheets for f, label in s.labels.items()],
                          schema={"sheet": pl.String, "field": pl.String, "label": pl.String}, orient="row")
    refs = rows.select(pl.int_range(pl.len()).cast(pl.Int64).alias("rec"), "value_ref", "sheet")
    column = (pl.when(pl.col("value_ref").is_not_null() & pl.col("field").is_in(["value", "numerator", "denominator"]))
              .then(pl.col("value_ref")).otherwise(pl.coalesce("label", "column")))
    if sum(1 for s in read.sheets if s.layout) > 1:
        column = pl.when(pl.col("sheet").is_not_null()).then(pl.format("{} › {}", "sheet", column)).otherwise(column)
    return (problems.join(refs, on="rec", how="left").join(labels, on=["sheet", "field"], how="left",
                                                           nulls_equal=True)
            .with_columns(column=column).select(problems.columns))


class StaleError(RuntimeError):
    """The store changed since the preview (a colleague's revision): nothing was written; preview again."""


def plan_units(plan: FilePlan) -> dict[str, list[int]]:
    """Each unit the plan would write, with the file rows (row numbers as the file shows them) that name it."""
    rows = plan.rows.select(pl.int_range(pl.len()).cast(pl.Int64).alias("rec"), "row_no")
    found = (plan.check.accepted.select("rec", "unit_key").join(rows, on="rec", how="left")
             .group_by("unit_key").agg(pl.col("row_no").drop_nulls().unique().sort()))
    return dict(zip(found["unit_key"].to_list(), found["row_no"].to_list(), strict=True))


def check_scope(con: duckdb.DuckDBPyConnection, plans: list[FilePlan], user: User) -> list[dict[str, list[int]]]:
    """Refused (naming the file, its units and rows) unless the user may upload every unit of every file; each
    plan's units (`plan_units`) otherwise, for its audit row."""
    found = []
    for plan in plans:
        units = plan_units(plan)
        try:
            check(con, user, "upload", units, rows=units)
        except Refused as exc:
            raise Refused(f'Tệp "{plan.file_name}": {exc}' if len(plans) > 1 else str(exc)) from None
        found.append(units)
    return found


def commit(con: duckdb.DuckDBPyConnection, plans: list[FilePlan], *, user: User) -> list[int]:
    """Write every file in one transaction, or nothing: not if any file has a rejected row, not if the user may
    not upload for one of its units (Refused), not if the store changed since the files were previewed
    (StaleError), not if a cell would get a second current figure. Each upload leaves an audit row."""
    refused = [f"{p.file_name} ({p.rows_rejected} dòng bị từ chối)" if p.rows_rejected
               else f"{p.file_name} (không có số liệu nào để ghi)" for p in plans if not p.ok]
    if refused:
        raise ValueError("Không ghi gì: các tệp còn dòng bị từ chối hoặc không có số liệu: " + ", ".join(refused))
    scoped = check_scope(con, plans, user)
    ids = []
    now = datetime.now()
    with db.transaction(con):
        if len(plans) > 1:  # each file against the store its preview saw, before any of them is written
            for plan in plans:
                _same_as_preview(plan, revisions.stage(con, plan.check.accepted))
        for plan, units in zip(plans, scoped, strict=True):
            summary = revisions.stage(con, plan.check.accepted)
            if len(plans) == 1:
                _same_as_preview(plan, summary)
            upload_id = db.run(
                con, "insert_upload", file_name=plan.file_name, sha256=plan.sha256, size_bytes=plan.size_bytes,
                uploaded_by=user.username, uploaded_at=now, rows_new=summary.new, rows_revised=summary.revised,
                rows_unchanged=summary.unchanged, rows_rejected=plan.rows_rejected,
            ).item()
            revisions.commit_staged(con, recorded_by=user.username, upload_id=upload_id, now=now)
            audit.record(con, user, "upload", units, upload_id=upload_id, detail=plan.file_name, now=now)
            plan.summary, plan.upload_id = summary, upload_id
            ids.append(upload_id)
    return ids


def _same_as_preview(plan: FilePlan, now: revisions.BatchSummary) -> None:
    """Stop when what the commit would do is not what the preview showed."""
    seen = plan.summary
    if seen is not None and seen.fingerprint and now.fingerprint != seen.fingerprint:
        raise StaleError(
            f'Số liệu trong kho đã thay đổi từ lúc xem trước tệp "{plan.file_name}" (có người vừa ghi): xem trước '
            f"{seen.new} mới, {seen.revised} sửa đổi; bây giờ {now.new} mới, {now.revised} sửa đổi. Chưa ghi gì: "
            "hãy xem lại bản so sánh mới rồi ghi.")


class UndoError(RuntimeError):
    """The upload cannot be undone exactly; the message says why, in Vietnamese."""


def undo_upload(con: duckdb.DuckDBPyConnection, upload_id: int, *, user: User) -> None:
    """Put back exactly what was current before the upload; refuse if a later upload built on it, or (Refused)
    unless the user made it (undo_own) or may undo others' uploads in a scope covering all its units."""
    with db.transaction(con):
        found = db.run(con, "get_upload", upload_id=upload_id)
        if found.height == 0:
            raise UndoError(f"Không có lần tải lên số {upload_id}.")
        units = db.run(con, "upload_unit_keys", upload_id=upload_id)["unit_key"].to_list()
        if found["uploaded_by"][0] == user.username:
            check(con, user, "undo_own")
        else:
            check(con, user, "undo_any", units)
        if found["undone_at"][0] is not None:
            raise UndoError(f"Lần tải lên số {upload_id} đã được hoàn tác trước đó.")
        blockers = db.run(con, "undo_blockers", upload_id=upload_id)
        if blockers.height:
            later = ", ".join(f"#{n}" for n in blockers["later_upload_id"].drop_nulls().to_list())
            if later:
                raise UndoError(f"Không hoàn tác được lần tải #{upload_id}: lần tải sau ({later}) đã sửa số liệu của "
                                "nó. Hãy hoàn tác lần tải sau trước.")
            seeds = blockers.filter(pl.col("later_upload_id").is_null())  # a seed that reverted it (before 007)
            refs = ", ".join(seeds["later_source_ref"].drop_nulls().unique().sort().to_list()) or "không rõ nguồn"
            raise UndoError(f"Không hoàn tác được lần tải #{upload_id}: {seeds['n_rows'].sum()} số liệu của nó đã được "
                            f"tài liệu gốc cập nhật ({refs}) sau khi tải lên. Hãy tải lên lại số liệu đúng thay vì "
                            "hoàn tác.")
        now = datetime.now()
        db.execute(con, "undo_upload", upload_id=upload_id, now=now, user=user.username)
        revisions.check_written(con)
        audit.record(con, user, "undo", units, upload_id=upload_id, detail=found["file_name"][0], now=now)


_LAYOUTS = {"long": "dài (long)", "wide": "rộng (wide)", "down": "chỉ tiêu theo dòng (down)"}


def report_lines(plan: FilePlan, max_problems: int = 50) -> list[str]:
    """The plain-text report printed by the CLI (the page shows the same numbers)."""
    s = plan.summary
    lines = [
        f"Tệp: {plan.file_name} ({format_number(plan.size_bytes)} byte, sha256 {plan.sha256[:12]}…)",
        f"Bố cục: {_LAYOUTS.get(plan.read.layout, plan.read.layout)}; "
        f"số dòng: {plan.rows_total}",
        f"Mới: {s.new if s else 0}; sửa đổi: {s.revised if s else 0}; không đổi: {s.unchanged if s else 0}; "
        f"bị từ chối: {plan.rows_rejected}",
        f'Không báo cáo (ô trống, "-", "x"): {plan.rows_not_reported}',
    ]
    if plan.left_out:
        lines.append("Bỏ qua trang tính (theo lựa chọn, không kiểm tra, không ghi): " + ", ".join(plan.left_out))
    lines += plan.read.notes  # encoding, delimiter, header row, skipped total rows: as on the page
    problems = plan.check.problems
    for p in problems.head(max_problems).iter_rows(named=True):
        lines.append(f"  Dòng {p['row_no']}, cột {p['column']}: {p['message']}")
    if problems.height > max_problems:
        lines.append(f"  … và {problems.height - max_problems} lỗi khác")
    if s is not None:
        for r in s.revisions.iter_rows(named=True):
            lines.append(f"  Sửa đổi {r['unit_key']} {r['indicator_code']} {r['period']}: "
                         f"{r['prev_raw_text']} → {r['raw_text']}")
    return lines


# status: accepted | rejected | not_reported (no figure: blank, "-", "x"…; skipped, not an error)
REPORT_SCHEMA = {
    "row": pl.Int64, "unit_text": pl.String, "unit_code": pl.String, "unit_name": pl.String, "unit_level": pl.String,
    "parent_name": pl.String, "indicator_code": pl.String, "period": pl.String, "value": pl.String,
    "status": pl.String, "problem": pl.String, "matched_by": pl.String,
}


def report_frame(plan: FilePlan, index: UnitIndex) -> pl.DataFrame:
    """One line per source record: where each accepted figure went, or why it was refused (`--report`, page).

    Joins, not a row loop: the page rebuilds it on every rerun, and a return may hold 200,000 rows.
    """
    rows = plan.rows.with_row_index("rec").with_columns(pl.col("rec").cast(pl.Int64))
    column = lambda name: pl.col(name) if name in rows.columns else pl.lit(None, pl.String)  # noqa: E731
    acc = plan.check.accepted.select("rec", "unit_key", "matched_by", pl.col("period").alias("p"))
    why = plan.check.problems.group_by("rec").agg(
        pl.format("{}: {}", "column", "message").str.join("; ").alias("problem"))
    skipped = plan.check.not_reported_rows.select("rec", pl.lit(True).alias("not_reported"))
    found = [index.by_key[k] for k in acc["unit_key"].drop_nulls().unique().to_list()]
    units = pl.DataFrame({
        "unit_key": [u.unit_key for u in found], "code": [u.code for u in found],
        "name": [u.name for u in found], "level": [u.level for u in found],
        "parent_name": [index.by_key[u.parent_key].name if u.parent_key in index.by_key else None for u in found],
    }, schema={"unit_key": pl.String, "code": pl.String, "name": pl.String, "level": pl.String,
               "parent_name": pl.String})
    joined = (rows.join(acc, on="rec", how="left").join(why, on="rec", how="left")
              .join(skipped, on="rec", how="left").join(units, on="unit_key", how="left").sort("rec"))
    return joined.select(
        pl.col("row_no").alias("row"), column("unit_code").alias("unit_text"), pl.col("code").alias("unit_code"),
        pl.col("name").alias("unit_name"), pl.col("level").alias("unit_level"), "parent_name",
        column("indicator_code").alias("indicator_code"),
        pl.coalesce("p", column("period"), pl.lit(plan.read.default_period, pl.String)).alias("period"),
        pl.coalesce(column("value"), pl.when(column("numerator").is_not_null())
                    .then(pl.format("{}/{}", column("numerator"), column("denominator")))).alias("value"),
        pl.when(pl.col("problem").is_not_null()).then(pl.lit("rejected"))
        .when(pl.col("not_reported").fill_null(False)).then(pl.lit("not_reported"))
        .otherwise(pl.lit("accepted")).alias("status"),
        "problem", "matched_by",
    ).cast(REPORT_SCHEMA)


def problems_frame(plans: list[FilePlan]) -> pl.DataFrame:
    return pl.concat([p.check.problems.with_columns(pl.lit(p.file_name).alias("file")) for p in plans])
