"""`clausegen batch` and the Python `batch()`: folders per tender, failures reported, same bytes
on any number of processes; and the speed work that must not change behaviour (lazy imports,
the one-pass zip writer)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, docx_text, run_cli

from clausegen.api import load_tender, plan
from clausegen.batch import BatchResult, batch
from clausegen.errors import ClausegenError
from clausegen.publish.proportion import motivation_warning

EXAMPLE = EXAMPLES / "schoonmaak-den-haag.yaml"


def expected_row() -> list[str]:
    """Documents and total obligation of the example as the summary prints them (from the API,
    so the test follows the library's profile)."""
    from clausegen import fmt
    from clausegen.documents.assemble import document_kinds

    example = plan(EXAMPLE)
    return [str(len(document_kinds(example))), *fmt.euro(example.total_obligation).split("\u00a0")]


def tender(folder: Path, reference: str, **changes: str) -> Path:
    """A copy of the example tender with another reference (and other changed top-level values)."""
    lines = []
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        key = line.split(":", 1)[0]
        if key == "reference":
            line = f"reference: {reference}"
        elif key in changes:
            line = f"{key}: {changes.pop(key)}"
        lines.append(line)
    lines += [f"{key}: {value}" for key, value in changes.items()]  # fields the example does not have
    path = folder / f"{reference.replace('/', '_')}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def tree(root: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under root."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def tenders(tmp_path: Path) -> list[Path]:
    return [tender(tmp_path, "2026-0201"), tender(tmp_path, "2026-0202", duration_months="36")]


def test_each_tender_in_its_own_folder_with_manifest(tmp_path: Path, tenders: list[Path]) -> None:
    out = tmp_path / "out"
    result = run_cli("batch", *tenders, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    for path, reference in zip(tenders, ["2026-0201", "2026-0202"], strict=True):
        manifest = json.loads((out / reference / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["tender"]["reference"] == reference
        assert manifest["tender"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        annex = out / reference / f"{reference}-bijlage-social-return.docx"
        assert [d["path"] for d in manifest["documents"]][:2] == [
            annex.name,
            f"{reference}-overeenkomst-social-return.docx",
        ]
        assert hashlib.sha256(annex.read_bytes()).hexdigest() == manifest["documents"][0]["sha256"]
        assert reference in docx_text(annex)
    # the summary on stdout: one row per tender with its documents and total obligation; the count on stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["aanbesteding", "map", "documenten", "totale", "verplichting", "status"]
    first = next(line for line in lines if line.startswith(str(tenders[0])))
    assert first.split()[1:] == ["2026-0201", *expected_row(), "ok"]
    assert len(lines) == 4
    assert result.stderr.splitlines()[-1] == f"2 van 2 aanbestedingen opgeslagen in {out}, 0 mislukt"
    # the progress bar goes to stderr (its label only, when stderr is not a terminal)
    assert "documenten maken voor 2 aanbestedingen" in result.stderr
    assert "documenten maken" not in result.stdout


def test_one_broken_tender_is_reported_and_the_others_are_written(tmp_path: Path, tenders: list[Path]) -> None:
    broken = tender(tmp_path, "2026-0299", category="schoonmaakk")
    unreadable = tmp_path / "stuk.yaml"
    unreadable.write_text("reference: 2026-0300\ntitle: [niet afgesloten\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("batch", tenders[0], broken, unreadable, tenders[1], "-o", out, "--jobs", "2")
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["2026-0201", "2026-0202"]
    assert (out / "2026-0202" / "2026-0202-overeenkomst-social-return.docx").is_file()
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[2:]}
    assert (
        f"MISLUKT: {broken}:5: category: Er is geen profiel voor categorie 'schoonmaakk' (bedoelt u 'schoonmaak'?)"
        in rows[str(broken)]
    )
    assert f"MISLUKT: {unreadable}:3: " in rows[str(unreadable)]
    assert rows[str(tenders[1])].split()[1:] == ["2026-0202", *expected_row(), "ok"]
    assert result.stderr.splitlines()[-1] == f"2 van 4 aanbestedingen opgeslagen in {out}, 2 mislukt"


def test_jobs_1_and_jobs_2_write_identical_files(tmp_path: Path, tenders: list[Path]) -> None:
    more = tenders + [tender(tmp_path, f"2026-03{i:02d}", duration_months=str(12 + 12 * i)) for i in range(4)]
    assert run_cli("batch", *more, "-o", tmp_path / "one", "--jobs", "1").exit_code == 0
    assert run_cli("batch", *more, "-o", tmp_path / "two", "--jobs", "2").exit_code == 0
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert len(one) == 6 * (int(expected_row()[0]) + 1)
    assert one == two


def test_existing_output_needs_force(tmp_path: Path, tenders: list[Path]) -> None:
    out = tmp_path / "out"
    assert run_cli("batch", *tenders, "-o", out, "--jobs", "1").exit_code == 0
    before = tree(out)
    (out / "2026-0202" / "notities.txt").write_text("van de inkoper", encoding="utf-8")
    result = run_cli("batch", *tenders, "-o", out)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: {out / '2026-0201'} bestaat al en is niet leeg (en nog 1 map(pen)); gebruik --force om te overschrijven, of kies een andere map met -o"
    )
    assert {k: v for k, v in tree(out).items() if k != "2026-0202/notities.txt"} == before
    result = run_cli("batch", *tenders, "-o", out, "--force", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert tree(out) == {**before, "2026-0202/notities.txt": tree(out)["2026-0202/notities.txt"]}


def test_two_tenders_for_one_folder_are_refused_before_writing(tmp_path: Path, tenders: list[Path]) -> None:
    twin = tmp_path / "tweede.yaml"
    twin.write_text(tenders[0].read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("batch", tenders[0], tenders[1], twin, "-o", out)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: {tenders[0]} en {twin} hebben hetzelfde kenmerk '2026-0201' en zouden allebei in "
        f"{out / '2026-0201'} komen; geef elke aanbesteding een eigen kenmerk (reference), of verwerk ze in "
        "aparte batches"
    )
    assert not out.exists()
    result = run_cli("batch", tenders[0], tenders[1], tenders[0], "-o", out)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: het aanbestedingsbestand {tenders[0]} is twee keer gegeven; noem elk bestand één keer"
    )
    # references that differ only in characters a folder name cannot hold count as the same folder
    slash = tender(tmp_path, "2026/0201")
    with pytest.raises(ClausegenError, match=r"\('2026-0201'\) en .* \('2026/0201'\) krijgen dezelfde mapnaam"):
        batch([tenders[0], slash], out, jobs=1)
    assert not out.exists()


def test_batch_api_results_in_input_order_with_progress(tmp_path: Path, tenders: list[Path]) -> None:
    missing = tmp_path / "bestaat-niet.yaml"
    seen: list[BatchResult] = []
    results = batch([tenders[1], missing, tenders[0]], tmp_path / "out", jobs=2, progress=seen.append)
    assert [r.tender for r in results] == [str(tenders[1]), str(missing), str(tenders[0])]
    assert [r.ok for r in results] == [True, False, True]
    documents, total = int(expected_row()[0]), str(plan(EXAMPLE).total_obligation)
    files = ("2026-0202-bijlage-social-return.docx", "2026-0202-overeenkomst-social-return.docx", "manifest.json")
    warnings = (motivation_warning(plan(EXAMPLE), load_tender(EXAMPLE)[0]),)  # the example motivates nothing
    expected = BatchResult(str(tenders[1]), "2026-0202", "2026-0202", documents, total, files=files, warnings=warnings)
    assert results[0] == expected
    assert results[1].error.startswith(f"{missing}: ")
    assert sorted(r.tender for r in seen) == sorted(r.tender for r in results)


def test_a_broken_library_fails_once_before_anything_is_written(tmp_path: Path, tenders: list[Path]) -> None:
    result = run_cli("batch", *tenders, "-o", tmp_path / "out", "--library", tmp_path / "geen-bibliotheek")
    assert result.exit_code == 2
    assert "geen-bibliotheek (--library) bestaat niet" in result.stderr
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------------------ speed work, same behaviour


def _imported_by(*args: str) -> set[str]:
    """Top-level modules imported by running the CLI with args in a fresh interpreter."""
    code = (
        "import sys\nfrom clausegen.cli import main\n"
        f"try:\n    main({list(args)!r})\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    # the full path, not calc's result cache (a hit would import neither babel nor the rest)
    env = {**os.environ, "CLAUSEGEN_CACHE": "0"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return set(done.stdout.splitlines()[-1].split())


def test_help_and_calc_do_not_load_the_word_libraries() -> None:
    heavy = {"docx", "lxml", "docxcompose", "docxtpl"}
    assert not heavy & _imported_by("--help")
    calc = _imported_by("calc", str(EXAMPLE))
    assert "babel" in calc  # it did compute the plan
    assert not heavy & calc


def test_one_pass_zip_gives_the_bytes_of_zipfile(tmp_path: Path) -> None:
    from clausegen.docx.package import zip_bytes

    out = tmp_path / "out"
    assert run_cli("generate", EXAMPLE, "-o", out).exit_code == 0
    data = (out / "2026-0142-bijlage-social-return.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        entries = [(name, z.read(name)) for name in z.namelist()]
    assert zip_bytes(entries) == data
    assert fixed_zip(data) == data  # what python-docx's save + fixed_zip wrote before
    odd = [("wörd/ä.xml", b"<a/>" * 5000), ("[Content_Types].xml", b""), ("b.xml", bytes(range(256)) * 40)]
    once = zip_bytes(odd)
    assert zip_bytes(odd) == once == zip_bytes(odd)  # kept when seen again, then from the deflate cache
    with zipfile.ZipFile(io.BytesIO(once)) as z:
        assert [(n, z.read(n)) for n in z.namelist()] == odd
        assert z.testzip() is None


def test_prepared_template_styles_are_written_as_changed() -> None:
    """The template's styles are kept as bytes for speed; a document that changes them gets them."""
    from docx.enum.style import WD_STYLE_TYPE

    from clausegen.docx.package import package_bytes
    from clausegen.docx.writer import open_prepared

    def styles_xml(data: bytes) -> str:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return z.read("word/styles.xml").decode("utf-8")

    document, ids = open_prepared(None)
    untouched = styles_xml(package_bytes(document.part.package))
    assert 'w:styleId="Artikelkop"' in untouched and ids.article_num
    document, _ = open_prepared(None)
    assert document.styles["Artikelkop"].name == "Artikelkop"  # reading parses them
    document.styles.add_style("Stijl van de inkoper", WD_STYLE_TYPE.PARAGRAPH)
    changed = styles_xml(package_bytes(document.part.package))
    assert "Stijl van de inkoper" in changed and "Stijl van de inkoper" not in untouched
    assert changed.count("<w:style ") == untouched.count("<w:style ") + 1


def fixed_zip(data: bytes) -> bytes:
    """The reference: python-docx's zip rewritten with zipfile and fixed timestamps, which is what
    clausegen wrote before `package.zip_bytes` did it in one pass."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()


def test_fast_writer_gives_the_bytes_of_the_plain_python_docx_path(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """The prepared template, the styles kept as bytes and the one-pass zip change nothing in the
    files: the same documents through python-docx's open, ensure_styles, save and fixed_zip."""
    import docx

    from clausegen import api
    from clausegen.docx import ooxml, writer

    plain_template = tmp_path / "leeg.docx"  # python-docx's own default: no clausegen styles yet
    docx.Document().save(str(plain_template))
    prepared = api.prepare(EXAMPLE)
    fast = {t: api.render_documents(prepared, template=t)[0] for t in (None, plain_template)}

    def plain_open(template):  # noqa: ANN001, ANN202
        document = writer.open_template(template)
        return document, ooxml.ensure_styles(document.styles.element, writer.numbering_element(document))

    def plain_bytes(package) -> bytes:  # noqa: ANN001
        out = io.BytesIO()
        package.save(out)
        return fixed_zip(out.getvalue())

    monkeypatch.setattr(writer, "open_prepared", plain_open)
    monkeypatch.setattr(writer, "package_bytes", plain_bytes)
    for template, files in fast.items():
        assert api.render_documents(prepared, template=template)[0] == files


def test_each_tenders_publication_warnings_are_reported(tmp_path: Path) -> None:
    """The warnings `generate` prints (here: the example's proportionality is not motivated) come
    with batch too, per tender: on stderr before the summary line, and in --json; a tender that motivates
    it gets none. The same on one process and on two."""
    unmotivated = tender(tmp_path, "2026-0301")
    motivated = tender(tmp_path, "2026-0302", labour_share="0.8")
    single = run_cli("generate", unmotivated, "-o", tmp_path / "single")
    [expected] = [line for line in single.stderr.splitlines() if line.startswith("Waarschuwing: ")]
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}"
        result = run_cli("batch", unmotivated, motivated, "-o", out, "--jobs", jobs)
        assert result.exit_code == 0, result.output
        warned = [line for line in result.stderr.splitlines() if line.startswith("Waarschuwing: ")]
        assert warned == [expected.replace("Waarschuwing: ", f"Waarschuwing: {unmotivated}: ", 1)]
        listed = json.loads(run_cli("batch", unmotivated, motivated, "-o", out, "--json", "--force").stdout)
        assert [len(entry["warnings"]) for entry in listed] == [1, 0]
        assert f"Waarschuwing: {listed[0]['warnings'][0]}" == expected
