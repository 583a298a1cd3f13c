"""Files that are files, and valid input that must not crash (issue 11): FIFOs, devices,
dangling links, link loops, folders and line breaks in the paths of tenders, templates and
library files; click's own path errors on one line; the web form's origin check; long titles,
far publication dates and huge value tables."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLES, ROOT, run_cli

from clausegen.library.load import resolve_root
from clausegen.model import MAX_BLOCKS

EXAMPLE = EXAMPLES / "schoonmaak-den-haag.yaml"
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "CI": "true"}
posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symlinks")


def one_line_exit_2(result, *expected: str) -> None:  # noqa: ANN001
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in lines[0]


def odd_path(tmp_path: Path, kind: str) -> Path:
    """A path of the given odd kind inside tmp_path."""
    path = tmp_path / f"{kind}.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "dangling":
        path.symlink_to(tmp_path / "gone.yaml")
    elif kind == "loop":
        path.symlink_to(path)
    elif kind == "folder":
        path.mkdir()
    return path


EXPECTED = {
    "fifo": "named pipe (FIFO), geen gewoon bestand",
    "device": "een apparaat, geen gewoon bestand",
    "dangling": "wijst naar een bestand dat niet bestaat",
    "loop": "wijst naar zichzelf",
    "folder": "dit is een map, geen aanbestedingsbestand",
}


@posix
@pytest.mark.parametrize("kind", sorted(EXPECTED))
@pytest.mark.parametrize("command", ["calc", "explain", "generate"])
def test_an_odd_tender_path_is_one_line_and_never_a_hang(tmp_path: Path, kind: str, command: str) -> None:
    """In a real process with a time limit, so a FIFO that blocked would fail the test, not hang it."""
    path = odd_path(tmp_path, kind)
    done = subprocess.run(
        [sys.executable, "-m", "clausegen.cli", command, str(path), *(["-o", str(tmp_path / "out")] * (command == "generate"))],
        env=ENV, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    assert EXPECTED[kind] in done.stderr
    assert not (tmp_path / "out").exists()


@posix
@pytest.mark.parametrize("kind", ["fifo", "device", "dangling", "loop"])
@pytest.mark.parametrize("option", ["--template", "--into"])
def test_an_odd_word_file_is_one_line(tmp_path: Path, kind: str, option: str) -> None:
    path = odd_path(tmp_path, kind).rename(tmp_path / f"{kind}.docx") if kind != "loop" else None
    if path is None:
        path = tmp_path / "loop.docx"
        path.symlink_to(path)
    result = run_cli("generate", EXAMPLE, "-o", tmp_path / "out", option, path)
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@posix
def test_preview_and_batch_refuse_a_fifo_tender(tmp_path: Path) -> None:
    fifo = odd_path(tmp_path, "fifo")
    one_line_exit_2(run_cli("preview", "algemeen.definities", "--tender", fifo), "FIFO")
    result = run_cli("batch", fifo, EXAMPLE, "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 1
    assert "FIFO" in result.stdout and "1 van 2 aanbestedingen opgeslagen" in result.stderr


def test_a_line_break_in_a_path_is_one_line(tmp_path: Path) -> None:
    one_line_exit_2(run_cli("calc", str(tmp_path / "a\nb.yaml")), "bevat een regeleinde")
    result = run_cli("generate", EXAMPLE, "--template", str(tmp_path / "x\ny"))
    one_line_exit_2(result)
    one_line_exit_2(run_cli("generate", EXAMPLE, "--template", tmp_path), "is a directory", "generate --help")


def test_an_unreadable_path_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """click's own check of a readable file (simulated: the tests may run as root)."""
    import click.types

    template = tmp_path / "huisstijl.docx"
    template.write_bytes(b"PK")
    real = os.access
    monkeypatch.setattr(
        click.types.os, "access", lambda path, mode: False if Path(path) == template else real(path, mode)
    )
    one_line_exit_2(run_cli("generate", EXAMPLE, "--template", template), "is not readable", "generate --help")


def test_clicks_usage_errors_are_one_line(tmp_path: Path) -> None:
    one_line_exit_2(run_cli("generate"), "Missing argument 'TENDER'")
    one_line_exit_2(run_cli("calc", EXAMPLE, "--no-such-option"), "No such option")
    one_line_exit_2(run_cli("batch", EXAMPLE, "-o", tmp_path, "--jobs", "0"), "--jobs")


# ------------------------------------------------------------------------ library files


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    source = resolve_root(None)
    shutil.copytree(source / "clauses", root / "clauses")
    shutil.copytree(source / "profiles", root / "profiles")
    return root


@posix
def test_odd_files_in_a_library_are_each_one_problem(library: Path, tmp_path: Path) -> None:
    clauses = library / "clauses" / "algemeen"
    for kind in ("fifo", "device", "dangling", "loop"):
        odd_path(tmp_path, kind).rename(clauses / f"{kind}.yaml") if kind not in ("dangling", "loop") else None
    (clauses / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (clauses / "loop.yaml").symlink_to(clauses / "loop.yaml")
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: geheim\n", encoding="utf-8")
    (clauses / "outside.yaml").symlink_to(secret)
    done = subprocess.run(
        [sys.executable, "-m", "clausegen.cli", "check", "--library", str(library)],
        env=ENV, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    expected = {
        "fifo.yaml": "geen gewoon bestand",
        "device.yaml": "verwijst naar een bestand buiten de bibliotheekmap",
        "dangling.yaml": "wijst naar een bestand dat niet bestaat",
        "loop.yaml": "wijst naar zichzelf",
        "outside.yaml": "verwijst naar een bestand buiten de bibliotheekmap",
    }
    for name, text in expected.items():
        assert any(name in line and text in line for line in lines), (name, lines)
    assert "geheim" not in done.stdout + done.stderr
    result = run_cli("calc", EXAMPLE, "--library", library)  # every problem on its own line, each file named
    assert result.exit_code == 2 and result.stdout == "" and "Traceback" not in result.stderr
    problem_lines = result.stderr.splitlines()
    assert len(problem_lines) == len(expected), problem_lines
    for name, text in expected.items():
        assert any(line.startswith("Error: ") and name in line and text in line for line in problem_lines), name
    assert "geheim" not in result.output
    clean = resolve_root(None)
    one_line_exit_2(run_cli("diff", clean, library, "-o", tmp_path / "r.docx"), "problemen")


@posix
def test_a_link_inside_the_library_to_a_file_inside_it_is_read(library: Path) -> None:
    source = library / "clauses" / "algemeen"
    first = sorted(source.glob("*.yaml"))[0]
    moved = library / "originelen"
    moved.mkdir()
    shutil.move(first, moved / first.name)
    first.symlink_to(moved / first.name)
    result = run_cli("calc", EXAMPLE, "--library", library)
    assert result.exit_code == 0, result.stderr
    assert first.name not in run_cli("check", "--library", library).stdout  # no problem with the link


def test_a_value_table_beyond_the_block_limit_is_refused_quickly(library: Path) -> None:
    table = library / "profiles" / "value-tables" / "standaard.yaml"
    extra = "".join(f"  - {{id: extra-{i}, label: x, kind: bonus, value_eur: 1}}\n" for i in range(30_000))
    table.write_text(table.read_text(encoding="utf-8").rstrip() + "\n" + extra, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "clausegen.cli", "calc", str(EXAMPLE), "--library", str(library)],
        env=ENV, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1
    assert "standaard.yaml" in done.stderr and "meer dan 20.000 waarden" in done.stderr


def test_a_value_table_with_more_blocks_than_the_limit_is_refused(library: Path) -> None:
    table = library / "profiles" / "value-tables" / "standaard.yaml"
    extra = "".join(f"  - {{id: extra-{i}, label: x, kind: bonus, value_eur: 1}}\n" for i in range(MAX_BLOCKS))
    table.write_text(table.read_text(encoding="utf-8").rstrip() + "\n" + extra, encoding="utf-8")
    one_line_exit_2(run_cli("calc", EXAMPLE, "--library", library), f"ten hoogste {MAX_BLOCKS}")


# ------------------------------------------------------------------------ long values, far dates


def long_tender(tmp_path: Path, date: str = "2026-12-01") -> tuple[Path, str, str]:
    title = ("Schoonmaak van kantoren en " * 10)[:240].strip()
    authority = ("Gemeenschappelijke regeling " * 12)[:300].strip()
    lines = []
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        key = line.split(":", 1)[0]
        line = {"title": f"title: {title}", "contracting_authority": f"contracting_authority: {authority}",
                "publication_date": f"publication_date: {date}"}.get(key, line)  # fmt: skip
        lines.append(line)
    path = tmp_path / "lang.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, title, authority


def test_a_240_character_title_and_300_character_authority_are_written(tmp_path: Path) -> None:
    tender, title, authority = long_tender(tmp_path)
    out = tmp_path / "out"
    result = run_cli("generate", tender, "-o", out)
    assert result.exit_code == 0, result.output
    for path in out.glob("*.docx"):
        document = docx.Document(str(path))
        core = document.core_properties
        assert len(core.title) <= 255 and len(core.author) <= 255
        assert core.author.endswith("…") and authority.startswith(core.author[:-1])
        text = "\n".join(p.text for p in document.paragraphs) + "".join(
            c.text for t in document.tables for r in t.rows for c in r.cells
        )
        assert title in text  # the document itself keeps the values whole


def test_a_publication_date_after_2107_is_written(tmp_path: Path) -> None:
    tender, _, _ = long_tender(tmp_path, "2110-03-01")
    out = tmp_path / "out"
    assert run_cli("generate", tender, "-o", out).exit_code == 0
    assert docx.Document(str(next(out.glob("*bijlage*.docx")))).core_properties.created.year == 2110


# ------------------------------------------------------------------------ the web form


@pytest.fixture
def web(library: Path):  # noqa: ANN201
    from clausegen.web.app import create_app

    return create_app(library).test_client()


FORM = {
    "reference": "W-1", "title": "Schoonmaak", "contracting_authority": "Gemeente Voorbeeldstad",
    "category": "schoonmaak", "contract_type": "overeenkomst", "value_eur": "2.400.000",
    "duration_months": "48", "publication_date": "2026-12-01",
}  # fmt: skip


def test_a_post_without_origin_or_referer_is_refused(web) -> None:  # noqa: ANN001
    for path in ("/generate", "/api/plan", "/", "/tender.yaml", "/document/bijlage"):
        response = web.post(path, data=FORM)
        assert response.status_code == 403, path
        assert "geen Origin of Referer" in response.get_data(as_text=True)
    assert web.post("/generate", data=FORM, headers={"Referer": "http://evil.example/"}).status_code == 403
    assert web.post("/generate", data=FORM, headers={"Origin": "null"}).status_code == 403
    assert web.post("/generate", data=FORM, headers={"Origin": "http://localhost.evil"}).status_code == 403
    ok = web.post("/generate", data=FORM, headers={"Origin": "null", "Referer": "http://localhost/"})
    assert ok.status_code == 200 and ok.mimetype == "application/zip"
    assert web.get("/").status_code == 200


def test_the_web_form_writes_long_values_and_far_dates(web) -> None:  # noqa: ANN001
    form = dict(FORM, title="T" * 240, contracting_authority="Gemeente " * 33, publication_date="2110-03-01")
    response = web.post("/generate", data=form, headers={"Origin": "http://localhost"})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert archive.testzip() is None
        assert all(info.date_time[0] == 2107 for info in archive.infolist())
        name = next(n for n in archive.namelist() if n.endswith("bijlage-social-return.docx"))
        core = docx.Document(io.BytesIO(archive.read(name))).core_properties
    assert len(core.title) <= 255 and core.created.year == 2110


@pytest.mark.parametrize("which", ["report", "manifest"])
def test_a_fifo_as_verantwoording_or_contract_manifest_is_one_line(tmp_path: Path, which: str) -> None:
    """`realisatie` and `register` read reports and manifests as regular files too: a FIFO in
    their place gives one line and exit 2, never a hang."""
    from contract_builder import contract_folder

    folder = contract_folder(tmp_path / "contract")
    report = tmp_path / "verantwoording.csv"
    report.write_text("perceel;kandidaat;bouwblok;uren_per_week;van;tot;toeslagen;bedrag_eur;toelichting\n")
    if which == "report":
        report.unlink()
        os.mkfifo(report)
    else:
        (folder / "manifest.json").unlink()
        os.mkfifo(folder / "manifest.json")
    for args in (
        ("realisatie", folder, report),
        ("register", "--db", f"sqlite:///{tmp_path / 'r.sqlite'}", "report", folder, report),
    ):
        result = run_cli(*args)
        assert result.exit_code == 2, result.output
        assert "FIFO" in result.output and len(result.output.strip().splitlines()) == 1
