"""`calc`'s result cache: the same output from the cache as from the full path; any change to
the tender or the library, a corrupt, foreign or oversized entry, and errors never reuse it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, run_cli
from hostdocs import real_library_copy

from clausegen.library import cache

TENDER = EXAMPLES / "schoonmaak-den-haag.yaml"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLAUSEGEN_CACHE_DIR", str(folder))
    monkeypatch.delenv("CLAUSEGEN_CACHE", raising=False)
    return folder


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return real_library_copy(tmp_path)


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def test_second_calc_comes_from_the_cache_with_the_same_output(cache_dir: Path, library: Path) -> None:
    first = run_cli("calc", TENDER, "--library", library)
    assert first.exit_code == 0 and "totaal verplichting" in first.stdout
    [entry] = entries(cache_dir)
    assert json.loads(entry.read_text(encoding="utf-8"))["output"] + "\n" == first.stdout
    assert os.stat(cache_dir).st_mode & 0o077 == 0  # the folder is the user's alone
    second = run_cli("calc", TENDER, "--library", library)
    assert second.stdout == first.stdout
    as_json = run_cli("calc", TENDER, "--json", "--library", library)
    assert json.loads(as_json.stdout)["total_obligation_eur"]
    assert len(entries(cache_dir)) == 2  # text and JSON are separate entries


def test_a_hit_imports_no_models_no_yaml_no_templates(cache_dir: Path, library: Path) -> None:
    run_cli("calc", TENDER, "--library", library)
    code = (
        "import sys; from clausegen.cli import main\n"
        "try: main(['calc', sys.argv[1], '--library', sys.argv[2]])\n"
        "except SystemExit: pass\n"
        "heavy = [m for m in ('pydantic', 'yaml', 'jinja2', 'markdown_it', 'docx', 'lxml') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(TENDER), str(library)],
        capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert "totaal verplichting" in done.stdout
    assert done.stdout.strip().endswith("HEAVY []")


def test_an_edit_to_the_library_or_the_tender_is_a_new_key(cache_dir: Path, library: Path, tmp_path: Path) -> None:
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER.read_text(encoding="utf-8"), encoding="utf-8")
    before = run_cli("calc", tender, "--library", library).stdout
    profile = library / "profiles" / "schoonmaak.yaml"
    text = profile.read_text(encoding="utf-8")
    assert "version: " in text
    profile.write_text(text.replace("name: ", "name: Gewijzigd ", 1), encoding="utf-8")
    after = run_cli("calc", tender, "--library", library)
    assert after.exit_code == 0 and len(entries(cache_dir)) == 2
    tender.write_text(tender.read_text(encoding="utf-8").replace("duration_months: 48", "duration_months: 47"))
    changed = run_cli("calc", tender, "--library", library)
    assert changed.exit_code == 0 and len(entries(cache_dir)) == 3
    assert before  # the first result stays what it was


def test_errors_are_not_cached(cache_dir: Path, library: Path, tmp_path: Path) -> None:
    tender = tmp_path / "tender.yaml"
    tender.write_text(
        TENDER.read_text(encoding="utf-8").replace("category: schoonmaak", "category: schoonmaakk"), encoding="utf-8"
    )
    for _ in range(2):
        result = run_cli("calc", tender, "--library", library)
        assert result.exit_code == 2 and "schoonmaakk" in result.stderr
    assert entries(cache_dir) == []
    broken = library / "profiles" / "schoonmaak.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "\nonbekend: 1\n", encoding="utf-8")
    assert run_cli("calc", TENDER, "--library", library).exit_code == 2
    assert entries(cache_dir) == []


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe",
        json.dumps({"format": 99, "key": "K", "output": "vals"}).encode(),
        json.dumps({"format": cache.FORMAT, "key": "another", "output": "vals"}).encode(),
        json.dumps({"format": cache.FORMAT, "key": "K", "output": ["vals"]}).encode(),
        json.dumps([1, 2]).encode(),
    ],
)
def test_a_corrupt_or_foreign_entry_is_ignored_and_replaced(cache_dir: Path, library: Path, content: bytes) -> None:
    good = run_cli("calc", TENDER, "--library", library).stdout
    [entry] = entries(cache_dir)
    key = entry.stem
    entry.write_bytes(content.replace(b'"K"', json.dumps(key).encode()))
    assert cache.lookup(key) is None
    again = run_cli("calc", TENDER, "--library", library)
    assert again.stdout == good
    assert cache.lookup(key) + "\n" == good  # replaced by the full path's result


def test_an_oversized_entry_or_a_link_is_not_read(cache_dir: Path, library: Path, tmp_path: Path) -> None:
    run_cli("calc", TENDER, "--library", library)
    [entry] = entries(cache_dir)
    key = entry.stem
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps({"format": cache.FORMAT, "key": key, "output": "vals"}), encoding="utf-8")
    entry.unlink()
    entry.symlink_to(forged)
    assert cache.lookup(key) is None
    entry.unlink()
    entry.write_text(
        json.dumps({"format": cache.FORMAT, "key": key, "output": "x" * (cache.MAX_ENTRY_BYTES + 10)}),
        encoding="utf-8",
    )
    assert cache.lookup(key) is None


def test_switched_off(cache_dir: Path, library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUSEGEN_CACHE", "0")
    assert cache.cache_dir() is None
    assert run_cli("calc", TENDER, "--library", library).exit_code == 0
    assert not cache_dir.exists()


def test_at_most_max_entries(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    for i in range(5):
        cache.store(f"{i:064x}", f"uitvoer {i}")
    assert len(entries(cache_dir)) == 3
    assert cache.lookup(f"{4:064x}") == "uitvoer 4"
