"""Upload limits: configurable, with sane defaults; an over-limit file gets a clear message, not a crash."""

from __future__ import annotations

import os
from dataclasses import dataclass

from danvan.values import format_number


class LimitError(RuntimeError):
    """The file is over a configured limit; nothing is read further and nothing is written."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * 1024 * 1024  # 20 MB: a province-wide commune return is well under 1 MB
    max_rows: int = 200_000

    @classmethod
    def from_env(cls) -> Limits:
        """DANVAN_MAX_UPLOAD_MB and DANVAN_MAX_ROWS override the defaults."""
        mb = os.environ.get("DANVAN_MAX_UPLOAD_MB")
        rows = os.environ.get("DANVAN_MAX_ROWS")
        return cls(
            max_bytes=int(float(mb) * 1024 * 1024) if mb else cls.max_bytes,
            max_rows=int(rows) if rows else cls.max_rows,
        )

    def check_size(self, size: int, name: str) -> None:
        if size > self.max_bytes:
            raise LimitError(f'Tệp "{name}" nặng {format_number(size / 1048576)} MB, vượt giới hạn '
                             f"{format_number(self.max_bytes / 1048576)} MB. Hãy chia nhỏ tệp rồi gửi lại.")

    def check_rows(self, rows: int, name: str) -> None:
        if rows > self.max_rows:
            raise LimitError(f'Tệp "{name}" có {format_number(rows)} dòng số liệu, vượt giới hạn '
                             f"{format_number(self.max_rows)} dòng. Hãy chia nhỏ tệp rồi gửi lại.")
