"""`python -m danvan boundaries ...`: build the approximate map or load an official boundary file.

Registered by danvan/cli.py through `add_parser(subparsers)`; every command returns its exit code
(0 done, 2 file unreadable or unusable).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from danvan import DEFAULT_DB, db
from danvan.bootstrap import init_store
from danvan.geo.boundaries import LAYER_NAMES, LAYERS, ensure_default
from danvan.geo.official import BoundaryError, load_official


def _say(lines: list[str], stream=None) -> None:
    (stream or sys.stdout).write("\n".join(lines) + "\n")


def _open(path: str):
    """The store, created first if it does not exist (boundaries need the unit registry)."""
    if not Path(path).exists():
        init_store(path)
    return db.connect(path)


def _cmd_load(args: argparse.Namespace) -> int:
    with _open(args.db) as con:
        try:
            report = load_official(con, args.file, args.era, args.level, code_field=args.field, dry_run=args.dry_run)
        except BoundaryError as exc:
            _say([f"LỖI: {exc}"], sys.stderr)
            return 2
    _say(report.lines())
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    with _open(args.db) as con:
        written = ensure_default(con, force=args.force)
    if not any(written.values()):
        _say(["Mọi đơn vị đã có ranh giới: không tạo lại (dùng --force để dựng lại bản ước tính)."])
        return 0
    _say([f"Ranh giới ước tính {LAYER_NAMES[layer]}: {written['/'.join(layer)]} vùng." for layer in LAYERS])
    return 0


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `boundaries load FILE ...` and `boundaries build [--force]`."""
    parser = subparsers.add_parser("boundaries", help="ranh giới bản đồ: dựng bản ước tính hoặc nạp tệp chính thức")
    sub = parser.add_subparsers(dest="boundaries_command", required=True)
    p = sub.add_parser("load", help="nạp tệp ranh giới chính thức (GeoJSON, Shapefile .zip, GeoPackage)")
    p.add_argument("file")
    p.add_argument("--era", choices=("new", "old"), required=True, help="new: từ 1/7/2025; old: trước đó")
    p.add_argument("--level", choices=("province", "district", "commune"), required=True)
    p.add_argument("--field", help="cột chứa mã (hoặc tên) đơn vị; mặc định tự tìm")
    p.add_argument("--dry-run", action="store_true", help="chỉ báo cáo, không ghi")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.set_defaults(func=_cmd_load)
    p = sub.add_parser("build", help="dựng ranh giới ước tính cho đơn vị chưa có ranh giới")
    p.add_argument("--force", action="store_true", help="dựng lại tất cả, kể cả thay ranh giới chính thức")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.set_defaults(func=_cmd_build)
