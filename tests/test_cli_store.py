"""The store commands, run as a user runs them: a real process, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ALUEVERKKO = [sys.executable, "-c", "from alueverkko.cli import run; run()"]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*ALUEVERKKO, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_ingest_list_export_and_remove_a_document(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Kouvolan seudun KOKO\n\nYhteistyö jatkuu.", encoding="utf-8")
    first = cli("--data", "d", "ingest", "docs", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "1 added" in first.stdout
    again = cli("--data", "d", "ingest", "docs", cwd=tmp_path)
    assert "1 unchanged" in again.stdout
    listed = json.loads(cli("--data", "d", "documents", "--json", cwd=tmp_path).stdout)
    assert [d["title"] for d in listed] == ["Kouvolan seudun KOKO"]
    exported = cli("--data", "d", "export", "--format", "json", "g.json", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert json.loads((tmp_path / "g.json").read_text())["documents"][0]["id"] == listed[0]["id"]
    removed = cli("--data", "d", "remove", listed[0]["id"][:12], cwd=tmp_path)
    assert removed.returncode == 0 and "removed" in removed.stdout
    assert json.loads(cli("--data", "d", "stats", cwd=tmp_path).stdout)["documents"] == 0


def test_a_missing_path_stops_the_run_before_anything_is_stored(tmp_path):
    (tmp_path / "a.txt").write_text("Iitin kunta", encoding="utf-8")
    result = cli("--data", "d", "ingest", "a.txt", "puuttuu.txt", cwd=tmp_path)
    assert result.returncode != 0
    assert "puuttuu.txt" in result.stderr and "does not exist" in result.stderr
    assert json.loads(cli("--data", "d", "stats", cwd=tmp_path).stdout)["documents"] == 0


def test_a_run_with_a_failed_file_stores_the_others_and_exits_nonzero(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "hyva.txt").write_text("Iitin kunta osallistuu hankkeeseen.", encoding="utf-8")
    (tmp_path / "docs" / "rikki.txt").write_bytes(b"\x00\x01\x02\x03 ei tekstia")
    result = cli("--data", "d", "ingest", "docs", cwd=tmp_path)
    assert result.returncode == 1, "a script must see that a file failed"
    assert "rikki.txt" in result.stdout + result.stderr
    assert json.loads(cli("--data", "d", "stats", cwd=tmp_path).stdout)["documents"] == 1


def test_an_unknown_export_format_is_a_clear_error(tmp_path):
    result = cli("--data", "d", "export", "--format", "xml", "out.xml", cwd=tmp_path)
    assert result.returncode == 1
    assert "Unknown export format" in result.stderr and "json, graphml, gexf, csv" in result.stderr


def test_a_data_folder_that_is_a_file_is_a_clear_error(tmp_path):
    (tmp_path / "d").write_text("not a folder")
    result = cli("--data", "d", "stats", cwd=tmp_path)
    assert result.returncode == 1
    assert "--data" in result.stderr
