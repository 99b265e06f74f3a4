"""Command line: init, import, export. Used by `make run`, the tests and the upload page's twin."""

from __future__ import annotations

import argparse
import getpass
import io
import sys
from pathlib import Path

from danvan import DEFAULT_DB, db
from danvan.bootstrap import init_store
from danvan.geo.cli import add_parser as add_boundaries_parser
from danvan.importer import commit, plan_file, report_lines
from danvan.limits import LimitError
from danvan.reader import ReadError
from danvan.registry import index_for


def _cmd_init(args: argparse.Namespace) -> int:
    counts = init_store(args.db, with_seed=not args.no_seed)
    print(f"Kho dữ liệu {args.db}: {counts['units']} đơn vị hành chính, {counts['indicators']} chỉ tiêu, "
          f"{counts['observations']} số liệu hiện hành ({counts['seed_new']} mới từ tài liệu gốc).")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    if not Path(args.db).exists():
        init_store(args.db)
    with db.connect(args.db) as con:
        plans = []
        index = index_for(con)  # built once for all files
        for name in args.files:
            try:
                plans.append(plan_file(con, name, default_period=args.period, index=index))
            except (ReadError, LimitError) as exc:
                print(f"LỖI: {exc}", file=sys.stderr)
                return 2
        for plan in plans:
            print("\n".join(report_lines(plan)))
        if any(not p.ok for p in plans):
            print("Không ghi gì vào kho: sửa các dòng bị từ chối rồi gửi lại.", file=sys.stderr)
            return 1
        if args.dry_run:
            print("Chạy thử (--dry-run): không ghi gì.")
            return 0
        ids = commit(con, plans, user=args.user)
        print(f"Đã ghi {len(ids)} tệp (mã lần tải: {', '.join(map(str, ids))}).")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    with db.connect(args.db, read_only=True) as con:
        name = "export_today" if args.view == "today" else "export_observations"
        frame = db.run(con, name, unit_code=args.unit, indicator=args.indicator)
    buffer = io.StringIO()
    if args.format == "json":
        frame.write_json(buffer)
    else:
        frame.write_csv(buffer)
    sys.stdout.write(buffer.getvalue())
    return 0


def _cmd_crosswalk(args: argparse.Namespace) -> int:
    from danvan.crosswalk import ensure_crosswalk, load_crosswalk_csv

    with db.connect(args.db) as con:
        if args.action == "build":
            written = ensure_crosswalk(con, force=True)
        else:
            try:
                written = load_crosswalk_csv(con, args.file, source=f"Chính thức: {Path(args.file).name}")
            except (OSError, ValueError) as exc:
                print(f"LỖI: {exc}", file=sys.stderr)
                return 2
    print("Bảng chuyển đổi: " + ", ".join(f"{level} {n} dòng" for level, n in written.items()))
    return 0


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
    p.add_argument("--user", default=getpass.getuser())
    p.set_defaults(func=_cmd_import)
    p = sub.add_parser("export", help="xuất số liệu hiện hành dạng dài")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.add_argument("--unit")
    p.add_argument("--indicator")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--view", choices=("reported", "today"), default="reported",
                   help="reported: như báo cáo; today: theo bản đồ hiện nay (có cột derived, partial, derivation)")
    p.set_defaults(func=_cmd_export)
    add_boundaries_parser(sub)
    p = sub.add_parser("crosswalk", help="bảng chuyển đổi đơn vị cũ → mới (thay bằng tệp CSV chính thức)")
    p.add_argument("action", choices=("load", "build"))
    p.add_argument("file", nargs="?", help="CSV: level, old_code, new_code, share")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.set_defaults(func=_cmd_crosswalk)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
