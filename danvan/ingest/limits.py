"""Upload limits: configurable, with sane defaults; an over-limit file gets a clear message, not a crash.

The size limit has one source, Streamlit's own `server.maxUploadSize` (MB) in .streamlit/config.toml or
the environment variable STREAMLIT_SERVER_MAX_UPLOAD_SIZE, so the page's uploader, the upload check and
the CLI import always agree.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass

from danvan import ROOT
from danvan.grammar.values import format_number


class LimitError(RuntimeError):
    """The file is over a configured limit; nothing is read further and nothing is written."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * 1024 * 1024  # replaced by upload_mb() in from_env(); a commune return is under 1 MB
    max_rows: int = 200_000
    # Bounds checked while reading, before a sheet is in memory. A real return has a few dozen columns and
    # unpacks to a few MB; an XLSX that unpacks to more, or 100 times its packed size, is a zip bomb or broken.
    max_columns: int = 1_000
    max_unpacked: int = 200 * 1024 * 1024
    max_ratio: int = 100

    @classmethod
    def from_env(cls) -> Limits:
        """The configured upload size (upload_mb) and DANVAN_MAX_ROWS (default 200,000)."""
        rows = os.environ.get("DANVAN_MAX_ROWS")
        return cls(max_bytes=int(upload_mb() * 1024 * 1024), max_rows=int(rows) if rows else cls.max_rows)

    def check_size(self, size: int, name: str) -> None:
        if size > self.max_bytes:
            raise LimitError(f'Tệp "{name}" nặng {format_number(size / 1048576)} MB, vượt giới hạn '
                             f"{format_number(self.max_bytes / 1048576)} MB. Hãy chia nhỏ tệp rồi gửi lại.")

    def check_unpacked(self, members: list[tuple[str, int, int]], name: str) -> None:
        """Refuse an XLSX by its directory alone: (member, packed, unpacked) sizes, read before anything is inflated."""
        total = sum(size for _, _, size in members)
        worst = max(members, key=lambda m: m[2] / max(m[1], 1), default=None)
        if total > self.max_unpacked:
            raise LimitError(f'Tệp "{name}" khi giải nén ra {format_number(total / 1048576)} MB, vượt giới hạn '
                             f"{format_number(self.max_unpacked / 1048576)} MB: tệp hỏng hoặc không phải một báo cáo "
                             "bình thường. Hãy lưu lại bằng Excel hoặc chia nhỏ tệp.")
        if worst and worst[2] > 1048576 and worst[2] / max(worst[1], 1) > self.max_ratio:
            raise LimitError(f'Tệp "{name}" có phần "{worst[0]}" nén {format_number(worst[2] / max(worst[1], 1), 0)} '
                             f"lần (giới hạn {self.max_ratio} lần): tệp hỏng hoặc độc hại. Hãy lưu lại bằng Excel.")

    def check_sheet(self, rows: int, columns: int, name: str, sheet: str) -> None:
        """A sheet's size, declared or met while reading: refused before more of it is read."""
        if columns > self.max_columns:
            raise LimitError(f'Trang tính "{sheet}" của tệp "{name}" có {format_number(columns)} cột, vượt giới hạn '
                             f"{format_number(self.max_columns)} cột. Hãy xóa các cột thừa rồi gửi lại.")
        if rows > self.max_rows + 1_000:  # room for titles and header rows above the data
            raise LimitError(f'Trang tính "{sheet}" của tệp "{name}" có {format_number(rows)} dòng, vượt giới hạn '
                             f"{format_number(self.max_rows)} dòng số liệu. Hãy chia nhỏ tệp rồi gửi lại.")

    def check_rows(self, rows: int, name: str) -> None:
        if rows > self.max_rows:
            raise LimitError(f'Tệp "{name}" có {format_number(rows)} dòng số liệu, vượt giới hạn '
                             f"{format_number(self.max_rows)} dòng. Hãy chia nhỏ tệp rồi gửi lại.")


def upload_mb() -> float:
    """Streamlit's server.maxUploadSize as the app will apply it: the environment first, then config.toml."""
    env = os.environ.get("STREAMLIT_SERVER_MAX_UPLOAD_SIZE")
    if env:
        return float(env)
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    return float(config["server"]["maxUploadSize"])
