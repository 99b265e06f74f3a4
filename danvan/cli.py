"""Command line: init, import, undo, export, backup, check, boundaries, crosswalk, users. Used by `make run`, the
tests and CI.

Every command returns its exit code: 0 done, 1 rows rejected or an invariant broken (nothing written), 2 file
unreadable or unusable, 3 the store is busy: an app serves it (commands that write: use the upload page, or stop
the app) or another process held it for the whole wait, 4 refused: the acting user (`--as NAME`, a stored account)
may not do it, by role or scope (nothing written). Every command leases the store only while it runs
(danvan.store.access), so `export`, `backup` and `check` work while the app serves.
"""

from __future__ import annotations

import argparse
import getpass
import io
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from danvan import DEFAULT_DB
from danvan.geo.boundaries import LAYER_NAMES, LAYERS, invalid_shapes
from danvan.geo.default_map import rebuild_default
from danvan.geo.official import BoundaryError, load_official
from danvan.grammar.i18n import t
from danvan.ingest.bootstrap import init_store
from danvan.ingest.importer import UndoError, commit, plan_file, report_frame, report_lines, undo_upload
from danvan.ingest.limits import LimitError
from danvan.ingest.reader import ReadError
from danvan.store import accounts, db
from danvan.store.access import BUSY_EXIT, Store, StoreBusy, app_serving
from danvan.store.authz import ROLES, Refused, User
from danvan.store.crosswalk import load_crosswalk_csv, rebuild_crosswalk
from danvan.store.invariants import report, run_checks
from danvan.store.registry import index_for

REFUSED_EXIT = 4  # the acting user may not do it (role or scope); nothing written


class _Refused(Exception):
    """An app serves the store: a command that writes is refused before it starts (exit code 3)."""


def _actor(con: duckdb.DuckDBPyConnection, name: str | None) -> User:
    """The stored account a command acts as (`--as NAME`): its role and scope apply, as on the pages."""
    if not name:
        raise Refused("Lệnh này ghi vào kho: cần --as TÊN (một tài khoản đã có; xem python -m danvan users list).")
    user = accounts.get_user(con, name.strip().lower())
    if user is None:
        raise Refused(f"Không có tài khoản '{name}' (python -m danvan users add …).")
    if user.disabled:
        raise Refused(f"Tài khoản '{user.username}' đã bị khoá.")
    return user


@contextmanager
def _lease(args: argparse.Namespace, write: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    """The store for one command: writes refused while an app serves it; created first when missing."""
    if write and app_serving(args.db):
        raise _Refused(f'Ứng dụng đang phục vụ kho "{args.db}", nên lệnh này không ghi gì. Hãy nhập số liệu qua '
                       "trang Nhập số liệu của ứng dụng, hoặc dừng ứng dụng (Ctrl+C ở cửa sổ make run) rồi chạy lại "
                       "lệnh. Các lệnh export, backup và check vẫn dùng được khi ứng dụng chạy.")
    if not Path(args.db).exists():
        if not write:
            raise FileNotFoundError(args.db)
        init_store(args.db)
    store = Store(args.db, linger=0)  # the store's own wait (30 s), then exit code 3
    with store.write() if write else store.read() as cursor:
        yield cursor


def _cmd_init(args: argparse.Namespace) -> int:
    if app_serving(args.db):
        raise _Refused(f'Ứng dụng đang phục vụ kho "{args.db}": dừng ứng dụng rồi chạy lại "init" '
                       "(ứng dụng tự tạo và nâng cấp kho khi khởi động).")
    counts = init_store(args.db, with_seed=not args.no_seed)
    print(f"Kho dữ liệu {args.db}: {counts['units']} đơn vị hành chính, {counts['indicators']} chỉ tiêu, "
          f"{counts['observations']} số liệu hiện hành ({counts['seed_new']} mới từ tài liệu gốc).")
    for line in counts["seed_report"]:  # seed versions applied, and every figure not applied with the reason
        print(line)
    with Store(args.db, linger=0).read() as con:
        if not db.run(con, "admin_count").item():
            print(t("auth_no_admin", "vi").replace("`", ""))
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    with _lease(args, write=not args.dry_run) as con:
        plans = []
        index = index_for(con)  # built once for all files
        for name in args.files:
            try:
                plans.append(plan_file(con, name, default_period=args.period, index=index, within=args.within))
            except (ReadError, LimitError) as exc:
                print(f"LỖI: {exc}", file=sys.stderr)
                return 2
        for plan in plans:
            print("\n".join(report_lines(plan)))
        if args.report:
            write_report(args.report, plans, index)
        if any(not p.ok for p in plans):
            print("Không ghi gì vào kho: sửa các dòng bị từ chối rồi gửi lại.", file=sys.stderr)
            return 1
        if args.dry_run:
            print("Chạy thử (--dry-run): không ghi gì.")
            return 0
        ids = commit(con, plans, user=_actor(con, args.actor))
        print(f"Đã ghi {len(ids)} tệp (mã lần tải: {', '.join(map(str, ids))}).")
    return 0


def _cmd_undo(args: argparse.Namespace) -> int:
    with _lease(args, write=True) as con:
        try:
            undo_upload(con, args.upload_id, user=_actor(con, args.actor))
        except UndoError as exc:
            print(f"LỖI: {exc}", file=sys.stderr)
            return 1
    print(f"Đã hoàn tác lần tải #{args.upload_id}.")
    return 0


def write_report(path: str, plans: list, index) -> None:
    """One CSV line per source record (several files: a leading `file` column)."""
    frames = [report_frame(plan, index) for plan in plans]
    if len(plans) > 1:
        frames = [f.select(pl.lit(p.file_name).alias("file"), pl.all()) for f, p in zip(frames, plans, strict=True)]
    pl.concat(frames).write_csv(path)
    print(f"Báo cáo từng dòng: {path}")


def _cmd_export(args: argparse.Namespace) -> int:
    with _lease(args, write=False) as con:
        name = "export_today" if args.view == "today" else "export_observations"
        frame = db.run(con, name, unit_code=args.unit, indicator=args.indicator)
    buffer = io.StringIO()
    if args.format == "json":
        frame.write_json(buffer)
    else:
        frame.write_csv(buffer)
    sys.stdout.write(buffer.getvalue())
    return 0


def _cmd_backup(args: argparse.Namespace) -> int:
    """A consistent copy of the store while the app serves: checkpoint and copy under one lease, then verify."""
    out = Path(args.out)
    if out.resolve() == Path(args.db).resolve():
        print("LỖI: tệp sao lưu trùng với kho dữ liệu.", file=sys.stderr)
        return 2
    with _lease(args, write=False) as con:
        db.execute(con, "checkpoint")
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(args.db, out)
    with duckdb.connect(str(out), read_only=True) as copy:
        counts = db.run(copy, "store_counts").row(0, named=True)
    print(f"Đã sao lưu {args.db} → {out}: {counts['units']} đơn vị, {counts['observations']} số liệu hiện hành.")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    """Every invariant of the store; exit code 1 when any is broken."""
    with _lease(args, write=False) as con:
        findings = run_checks(con)
        shapes = invalid_shapes(con)
    lines = report(findings)
    lines.append(f"{'ĐẠT ' if shapes.height == 0 else 'LỖI '} Ranh giới là vùng hợp lệ"
                 + ("" if shapes.height == 0 else f": {shapes.height} chỗ"))
    lines += ["      " + ", ".join(map(str, row)) for row in shapes.head(10).iter_rows()]
    _say(lines)
    return 1 if shapes.height or any(f.rows.height for f in findings) else 0


def _cmd_crosswalk(args: argparse.Namespace) -> int:
    if args.action == "load" and not args.file:
        print("LỖI: thiếu tệp: python -m danvan crosswalk load TỆP.csv (cột level, old_code, new_code, share)",
              file=sys.stderr)
        return 2
    with _lease(args, write=True) as con:
        user = _actor(con, args.actor)
        if args.action == "build":
            written = rebuild_crosswalk(con, user=user)
        else:
            try:
                written = load_crosswalk_csv(con, args.file, source=f"Chính thức: {Path(args.file).name}", user=user)
            except (OSError, ValueError) as exc:
                print(f"LỖI: {exc}", file=sys.stderr)
                return 2
    print("Bảng chuyển đổi: " + ", ".join(f"{level} {n} dòng" for level, n in written.items()))
    return 0


def _say(lines: list[str], stream=None) -> None:
    (stream or sys.stdout).write("\n".join(lines) + "\n")


def _cmd_boundaries_load(args: argparse.Namespace) -> int:
    with _lease(args, write=True) as con:
        try:
            report = load_official(con, args.file, args.era, args.level, code_field=args.field, dry_run=args.dry_run,
                                   confirm_era=args.confirm_era, user=_actor(con, args.actor))
        except BoundaryError as exc:
            _say([f"LỖI: {exc}"], sys.stderr)
            return 2
    _say(report.lines())
    return 0


def _cmd_boundaries_build(args: argparse.Namespace) -> int:
    with _lease(args, write=True) as con:
        written = rebuild_default(con, user=_actor(con, args.actor), force=args.force)
    if not any(written.values()):
        _say(["Mọi đơn vị đã có ranh giới: không tạo lại (dùng --force để dựng lại bản ước tính)."])
        return 0
    _say([f"Ranh giới ước tính {LAYER_NAMES[layer]}: {written['/'.join(layer)]} vùng." for layer in LAYERS])
    return 0


def add_boundaries_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `boundaries load FILE ...` and `boundaries build [--force]`."""
    parser = subparsers.add_parser("boundaries", help="ranh giới bản đồ: dựng bản ước tính hoặc nạp tệp chính thức")
    sub = parser.add_subparsers(dest="boundaries_command", required=True)
    p = sub.add_parser("load", help="nạp tệp ranh giới chính thức (GeoJSON, Shapefile .zip, GeoPackage)")
    p.add_argument("file")
    p.add_argument("--era", choices=("new", "old"), required=True, help="new: từ 1/7/2025; old: trước đó")
    p.add_argument("--level", choices=("province", "district", "commune"), required=True)
    p.add_argument("--field", help="cột chứa mã (hoặc tên) đơn vị; mặc định tự tìm")
    p.add_argument("--dry-run", action="store_true", help="chỉ báo cáo, không ghi")
    p.add_argument("--confirm-era", action="store_true",
                   help="nạp dù tệp có vẻ là bản đồ của thời kỳ kia (sau khi đã xem cảnh báo)")
    p.add_argument("--db", default=str(DEFAULT_DB))
    _add_actor(p)
    p.set_defaults(func=_cmd_boundaries_load)
    p = sub.add_parser("build", help="dựng ranh giới ước tính cho đơn vị chưa có ranh giới")
    p.add_argument("--force", action="store_true", help="dựng lại tất cả, kể cả thay ranh giới chính thức")
    p.add_argument("--db", default=str(DEFAULT_DB))
    _add_actor(p)
    p.set_defaults(func=_cmd_boundaries_build)


def _password(args: argparse.Namespace) -> str | None:
    """The new password: one line of stdin (--password-stdin), else typed twice at a prompt; None for accounts
    that sign in only through the identity provider (--no-password)."""
    if getattr(args, "no_password", False):
        return None
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Mật khẩu: ")
    if getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise accounts.AccountError("Hai lần nhập mật khẩu không khớp.")
    return first


def _scope(text: str | None) -> str | None:
    """--scope: a unit_key (old:95, new:96); "all" or empty = the whole country."""
    return None if text is None or text.strip().lower() in ("", "all", "ca-nuoc") else text.strip()


def _cmd_users_add(args: argparse.Namespace) -> int:
    role = "admin" if args.admin else args.role
    if role is None:
        raise accounts.AccountError("Cần --role (viewer, data_entry, approver, admin) hoặc --admin.")
    with _lease(args, write=True) as con:
        actor = _actor(con, args.actor) if args.actor else None  # None: only the first administrator
        user = accounts.add_user(con, args.name, role=role, scope_key=_scope(args.scope), email=args.email,
                                 display_name=args.display_name or "", password=_password(args), actor=actor)
    print(f"Đã thêm tài khoản {user.username} ({user.role}, phạm vi: {user.scope_key or 'cả nước'}).")
    return 0


def _cmd_users_list(args: argparse.Namespace) -> int:
    with _lease(args, write=False) as con:
        frame = accounts.list_users(con)
    for r in frame.iter_rows(named=True):
        print(f"{r['username']}\t{r['role']}\t{r['scope_name'] or 'cả nước'}\t{r['email'] or ''}\t"
              f"{'khoá' if r['disabled'] else 'hoạt động'}")
    return 0


def _cmd_users_set(args: argparse.Namespace) -> int:
    changes: dict[str, object] = {}
    if args.role:
        changes["role"] = args.role
    if args.scope is not None:
        changes["scope_key"] = _scope(args.scope)
    if args.disable or args.enable:
        changes["disabled"] = bool(args.disable)
    if args.password:
        changes["password"] = _password(args)
    with _lease(args, write=True) as con:
        user = accounts.update_user(con, args.name, actor=_actor(con, args.actor), **changes)
    print(f"Tài khoản {user.username}: {user.role}, phạm vi: {user.scope_key or 'cả nước'}, "
          f"{'khoá' if user.disabled else 'hoạt động'}.")
    return 0


def add_users_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `users add|list|set`: the users page's equivalents (administrators; the first one needs no --as)."""
    parser = subparsers.add_parser("users", help="tài khoản: thêm, liệt kê, đổi vai trò, phạm vi, khoá")
    sub = parser.add_subparsers(dest="users_command", required=True)
    p = sub.add_parser("add", help="thêm tài khoản (tài khoản quản trị đầu tiên: --admin, không cần --as)")
    p.add_argument("name")
    p.add_argument("--role", choices=ROLES)
    p.add_argument("--admin", action="store_true", help="= --role admin")
    p.add_argument("--scope", help="đơn vị phụ trách (vd old:95, new:96); bỏ trống = cả nước")
    p.add_argument("--email", help="thư điện tử: đăng nhập qua nhà cung cấp định danh (OIDC) bằng địa chỉ này")
    p.add_argument("--display-name")
    p.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ một dòng stdin")
    p.add_argument("--no-password", action="store_true", help="chỉ đăng nhập qua nhà cung cấp định danh")
    p.add_argument("--db", default=str(DEFAULT_DB))
    _add_actor(p)
    p.set_defaults(func=_cmd_users_add)
    p = sub.add_parser("list", help="liệt kê tài khoản")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.set_defaults(func=_cmd_users_list)
    p = sub.add_parser("set", help="đổi vai trò, phạm vi, mật khẩu; khoá hoặc mở khoá")
    p.add_argument("name")
    p.add_argument("--role", choices=ROLES)
    p.add_argument("--scope", help='đơn vị phụ trách; "all" = cả nước')
    state = p.add_mutually_exclusive_group()
    state.add_argument("--disable", action="store_true")
    state.add_argument("--enable", action="store_true")
    p.add_argument("--password", action="store_true", help="đặt mật khẩu mới (hỏi, hoặc --password-stdin)")
    p.add_argument("--password-stdin", action="store_true")
    p.add_argument("--db", default=str(DEFAULT_DB))
    _add_actor(p)
    p.set_defaults(func=_cmd_users_set)


def _add_actor(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="actor", metavar="TÊN",
                        help="tài khoản thực hiện lệnh (vai trò và phạm vi của tài khoản đó được áp dụng)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m danvan", description="Dân vận Dashboard")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("init", help="tạo hoặc nâng cấp kho dữ liệu và nạp số liệu gốc")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.add_argument("--no-seed", action="store_true")
    p.set_defaults(func=_cmd_init)
    p = sub.add_parser("import", help="kiểm tra và nhập tệp số liệu (CSV/Excel)")
    p.add_argument("files", nargs="+")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--period", help="kỳ báo cáo cho tệp không ghi kỳ (vd 2023, 2023-H1, Quý II/2023)")
    _add_actor(p)
    p.add_argument("--within", metavar="ĐƠN_VỊ", help="đơn vị bao trùm (mã hoặc tên): tên đơn vị được tìm trong đó")
    p.add_argument("--report", metavar="OUT.csv", help="ghi báo cáo từng dòng: đơn vị được nhận ra, hoặc lý do từ chối")
    p.set_defaults(func=_cmd_import)
    p = sub.add_parser("undo", help="hoàn tác một lần tải lên (người tải, hoặc người duyệt trong phạm vi)")
    p.add_argument("upload_id", type=int)
    p.add_argument("--db", default=str(DEFAULT_DB))
    _add_actor(p)
    p.set_defaults(func=_cmd_undo)
    p = sub.add_parser("export", help="xuất số liệu hiện hành dạng dài")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.add_argument("--unit")
    p.add_argument("--indicator")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--view", choices=("reported", "today"), default="reported",
                   help="reported: như báo cáo; today: theo bản đồ hiện nay (có cột derived, partial, derivation)")
    p.set_defaults(func=_cmd_export)
    p = sub.add_parser("backup", help="sao lưu kho dữ liệu (chạy được khi ứng dụng đang phục vụ)")
    p.add_argument("out", help="tệp sao lưu, vd backup/danvan-2026-11-24.duckdb")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.set_defaults(func=_cmd_backup)
    p = sub.add_parser("check", help="kiểm tra mọi bất biến của kho (mã thoát 1 nếu có lỗi)")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.set_defaults(func=_cmd_check)
    add_boundaries_parser(sub)
    p = sub.add_parser("crosswalk", help="bảng chuyển đổi đơn vị cũ → mới (thay bằng tệp CSV chính thức)")
    p.add_argument("action", choices=("load", "build"))
    p.add_argument("file", nargs="?", help="CSV: level, old_code, new_code, share")
    p.add_argument("--db", default=str(DEFAULT_DB))
    _add_actor(p)
    p.set_defaults(func=_cmd_crosswalk)
    add_users_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (_Refused, StoreBusy) as exc:
        print(f"LỖI: {exc}", file=sys.stderr)
        return BUSY_EXIT
    except Refused as exc:
        print(f"TỪ CHỐI: {exc}", file=sys.stderr)
        return REFUSED_EXIT
    except accounts.AccountError as exc:
        print(f"LỖI: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f'LỖI: không có kho dữ liệu "{exc.args[0]}". Chạy "python -m danvan init" trước.', file=sys.stderr)
        return 2
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        print(f'LỖI: kho "{args.db}" đang được một chương trình khác mở; chưa làm gì cả. Hãy thử lại sau ít phút.',
              file=sys.stderr)
        return BUSY_EXIT
