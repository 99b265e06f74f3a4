"""`python -m danvan check`: passes on the stores the tests build, and names what is broken when it is not."""

from __future__ import annotations

from danvan.cli import main as cli
from danvan.store import db


def test_the_seeded_store_passes_every_check(seeded_db, capsys):
    assert cli(["check", "--db", str(seeded_db)]) == 0
    out = capsys.readouterr().out
    assert out.count("ĐẠT") == 5 and "LỖI" not in out


def test_a_second_current_row_and_a_dangling_successor_are_reported(seeded_db, tmp_path, capsys):
    import shutil

    path = tmp_path / "hong.duckdb"
    shutil.copy(seeded_db, path)
    with db.connect(path) as con:
        # Break the store behind the app's back: copy one current figure as a second current row, and point a
        # row at a successor that does not exist.
        con.execute("INSERT INTO observations SELECT * REPLACE (obs_id + 1000000 AS obs_id) FROM observations "
                    "WHERE superseded_at IS NULL ORDER BY obs_id LIMIT 1")
        con.execute("UPDATE observations SET superseded_at = now(), superseded_by = 999999999 "
                    "WHERE obs_id = (SELECT max(obs_id) FROM observations WHERE obs_id < 1000000)")
        key = con.execute("SELECT unit_key, indicator_code FROM observations WHERE obs_id > 1000000").fetchall()[0]
    assert cli(["check", "--db", str(path)]) == 1
    out = capsys.readouterr().out
    assert "LỖI  Một ô chỉ có một số liệu hiện hành: 1 chỗ" in out
    assert f"unit_key={key[0]}, indicator_code={key[1]}" in out
    assert "thay bởi dòng 999999999 không tồn tại" in out
