"""`clausegen diff OLD NEW -o REDLINE.docx`: real tracked changes, read back from the XML and
from LibreOffice's PDF, between library folders and between git revisions."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from conftest import require_soffice, run_cli, to_pdf_text
from library_builder import clause_yaml, make_library
from lxml import etree

from clausegen.review.redline import redline, word_diff

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

OLD_TEXT = "De Opdrachtnemer rapporteert jaarlijks over de voortgang.\n\n1. eerste lid\n2. tweede lid\n"
NEW_TEXT = "De Opdrachtnemer rapporteert per kwartaal schriftelijk over de voortgang.\n\n1. eerste lid\n"


def old_library(root: Path) -> Path:
    return make_library(
        root,
        {
            "algemeen/rapport.yaml": clause_yaml("algemeen.rapport", OLD_TEXT),
            "algemeen/blijft.yaml": clause_yaml("algemeen.blijft", "Deze tekst blijft gelijk.\n", order="50"),
            "monitoring/weg.yaml": clause_yaml(
                "monitoring.weg", "Verouderde sanctiebepaling.\n", instrument="monitoring"
            ),
        },
    )


def new_library(root: Path) -> Path:
    lib = old_library(root)
    (lib / "clauses/monitoring/weg.yaml").unlink()
    (lib / "clauses/algemeen/rapport.yaml").write_text(
        clause_yaml("algemeen.rapport", NEW_TEXT, version="2", status="draft", reviewed_by=None, reviewed_on=None)
    )
    (lib / "clauses/algemeen/nieuw.yaml").write_text(
        clause_yaml("algemeen.nieuw", "Een geheel nieuwe bepaling over bouwblokken.\n", order="300")
    )
    return lib


def document_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def changed_text(root: etree._Element, tag: str) -> str:
    """All text inside w:ins (w:t) or w:del (w:delText) elements, in order."""
    inner = "t" if tag == "ins" else "delText"
    return "".join(t.text or "" for change in root.iter(W + tag) for t in change.iter(W + inner))


def test_word_diff_splits_paragraphs_at_source_lines() -> None:
    paragraphs = word_diff("Een twee drie.\nVier.\n", "Een zes drie.\nVier.\nVijf.\n")
    flat = [[(s.change, s.text) for s in p.segments] for p in paragraphs]
    assert flat[0] == [("same", "Een "), ("del", "twee"), ("ins", "zes"), ("same", " drie.")]
    assert flat[1] == [("same", "Vier.")]
    assert paragraphs[1].mark == "ins"  # the line end after "Vier." is new: accepting keeps two lines
    assert flat[2] == [("ins", "Vijf.")]


def test_a_lone_space_between_changes_joins_them() -> None:
    [paragraph] = word_diff("x y z", "p q z")
    assert [(s.change, s.text) for s in paragraph.segments] == [("del", "x y"), ("ins", "p q"), ("same", " z")]


def test_folders_redline_xml(tmp_path: Path) -> None:
    old, new = old_library(tmp_path / "oud"), new_library(tmp_path / "nieuw")
    out = tmp_path / "redline.docx"
    result = run_cli("diff", old, new, "-o", out, "--date", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert "1 gewijzigd, 1 toegevoegd, 1 verwijderd, 1 ongewijzigde clausules" in result.stderr
    root = document_xml(out)
    changes = list(root.iter(W + "ins")) + list(root.iter(W + "del"))
    assert changes
    for change in changes:
        assert change.get(W + "author") == "clausegen"
        assert change.get(W + "date") == "2026-11-20T00:00:00Z"
    ids = [c.get(W + "id") for c in changes]
    assert len(ids) == len(set(ids)), "every revision needs its own w:id"
    inserted, deleted = changed_text(root, "ins"), changed_text(root, "del")
    assert "per kwartaal schriftelijk" in inserted and "jaarlijks" in deleted
    assert "2. tweede lid" in deleted
    assert "Een geheel nieuwe bepaling over bouwblokken." in inserted
    assert "Verouderde sanctiebepaling." in deleted
    assert "Versie: 1" in deleted or ("1" in deleted and "2" in inserted)
    assert "Deze tekst blijft gelijk" not in "".join(root.itertext())  # unchanged clauses are only counted
    # metadata: version and status changes are tracked values after their label
    body = "".join(root.itertext())
    assert "Versie: 12" in body and "Status: approveddraft" in body
    # the removed last line: the line end before it is a deleted paragraph mark and all its words are
    # deleted, so accepting the changes removes the line entirely instead of leaving an empty paragraph
    paragraphs = list(root.iter(W + "p"))
    [last] = [p for p in paragraphs if "2. tweede lid" in "".join(t.text for t in p.iter(W + "delText"))]
    before = paragraphs[paragraphs.index(last) - 1]
    assert before.find(f"{W}pPr/{W}rPr/{W}del") is not None
    assert "".join(t.text for t in before.iter(W + "t")) == "1. eerste lid"
    assert not [t for t in last.iter(W + "t")]


def test_same_inputs_same_bytes(tmp_path: Path) -> None:
    old, new = old_library(tmp_path / "oud"), new_library(tmp_path / "nieuw")
    first = redline(str(old), str(new), date="2026-11-20").data
    second = redline(str(old), str(new), date="2026-11-20").data
    assert first == second
    # without --date the newest clause file of NEW dates the changes: still stable
    assert redline(str(old), str(new)).data == redline(str(old), str(new)).data


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=Jurist", "-c", "user.email=jz@example.org", *args],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "GIT_COMMITTER_DATE": "2026-11-18T10:00:00Z", "GIT_AUTHOR_DATE": "2026-11-18T10:00:00Z"},
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose library lives in bibliotheek/, with two commits (old, then new)."""
    repo = tmp_path / "repo"
    lib = old_library(repo / "bibliotheek")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "oud")
    shutil.rmtree(lib / "clauses")
    new_library(lib)
    _git(repo, "add", "-A", ".")
    _git(repo, "commit", "-q", "-m", "nieuw")
    return lib


@pytest.mark.libreoffice
def test_git_revisions_redline_shows_in_libreoffice(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "redline.docx"
    result = run_cli("diff", "HEAD~1", "main", "-o", out, "--library", repo)
    assert result.exit_code == 0, result.output
    root = document_xml(out)
    assert {c.get(W + "date") for c in root.iter(W + "ins")} == {"2026-11-18T10:00:00Z"}  # NEW's commit time
    assert "per kwartaal schriftelijk" in changed_text(root, "ins")
    # a revision against the working folder works too
    folder_out = tmp_path / "werkmap.docx"
    assert run_cli("diff", "HEAD~1", repo, "-o", folder_out, "--library", repo).exit_code == 0
    pdf = to_pdf_text([out])[out]
    flat = " ".join(pdf.split())
    # LibreOffice shows tracked changes: deleted words stay visible (struck through) beside inserted ones
    assert "jaarlijks" in flat and "per kwartaal schriftelijk" in flat
    assert "Verouderde sanctiebepaling." in flat and "Een geheel nieuwe bepaling over bouwblokken." in flat
    assert "monitoring.weg – Een bepaling (verwijderd)" in flat
    assert "algemeen.nieuw – Een bepaling (toegevoegd)" in flat
    assert "HEAD~1 (" in flat


def test_unchanged_library_says_so(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "leeg.docx"
    result = run_cli("diff", "HEAD", "main", "-o", out, "--library", repo)
    assert result.exit_code == 0
    assert "0 gewijzigd, 0 toegevoegd, 0 verwijderd, 3 ongewijzigde clausules" in result.stderr
    assert "Geen wijzigingen in de bepalingen." in "".join(document_xml(out).itertext())


def test_profile_changes_are_listed(tmp_path: Path) -> None:
    old, new = old_library(tmp_path / "oud"), old_library(tmp_path / "nieuw")
    profile = new / "profiles/schoonmaak.yaml"
    profile.write_text(profile.read_text().replace("version: 1", "version: 2"))
    result = redline(str(old), str(new), date="2026-11-20")
    assert result.other_files == ["profiles/schoonmaak.yaml"]
    assert "profiles/schoonmaak.yaml: gewijzigd" in "".join(document_xml_bytes(result.data).itertext())


def document_xml_bytes(data: bytes) -> etree._Element:
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def test_bad_revision_is_bad_input(repo: Path, tmp_path: Path) -> None:
    result = run_cli("diff", "geen-tak", "HEAD", "-o", tmp_path / "x.docx", "--library", repo)
    assert result.exit_code == 2
    assert "'geen-tak' is geen bibliotheekmap en geen git-revisie van" in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_revision_outside_git_is_bad_input(tmp_path: Path) -> None:
    lib = old_library(tmp_path / "oud")
    result = run_cli("diff", "HEAD~1", lib, "-o", tmp_path / "x.docx", "--library", lib)
    assert result.exit_code == 2
    assert "staat niet in een git-repository" in result.stderr


def test_broken_side_is_reported_with_its_revision(repo: Path, tmp_path: Path) -> None:
    (repo / "clauses/algemeen/kapot.yaml").write_text("id: [\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "kapot")
    result = run_cli("diff", "HEAD~1", "HEAD", "-o", tmp_path / "x.docx", "--library", repo)
    assert result.exit_code == 2
    assert (
        "HEAD: de bibliotheek daar heeft 1 probleem; het eerste: HEAD:bibliotheek/clauses/algemeen/kapot.yaml:"
        in result.stderr
    )


def test_existing_output_needs_force(tmp_path: Path) -> None:
    old, new = old_library(tmp_path / "oud"), new_library(tmp_path / "nieuw")
    out = tmp_path / "r.docx"
    out.write_bytes(b"ouder bestand")
    assert run_cli("diff", old, new, "-o", out).exit_code == 2
    assert out.read_bytes() == b"ouder bestand"
    assert run_cli("diff", old, new, "-o", out, "--force").exit_code == 0
    assert zipfile.is_zipfile(out)


REVIEW_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Review(inPath As String, outPath As String, command As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(inPath), &quot;_blank&quot;, 0, args())
  helper = createUnoService(&quot;com.sun.star.frame.DispatchHelper&quot;)
  helper.executeDispatch(doc.CurrentController.Frame, command, &quot;&quot;, 0, Array())
  Dim filter(0) As New com.sun.star.beans.PropertyValue
  filter(0).Name = &quot;FilterName&quot;
  filter(0).Value = &quot;Text (encoded)&quot;
  doc.storeToURL(ConvertToURL(outPath), filter())
  doc.close(True)
End Sub
</script:module>
"""


def review_in_libreoffice(docx_path: Path, command: str) -> list[str]:
    """Open the redline in LibreOffice, run Accept All or Reject All, and return the text lines."""
    binary = require_soffice()
    work = Path(tempfile.mkdtemp(prefix="clausegen-review-"))
    profile = f"-env:UserInstallation=file://{work / 'profile'}"
    subprocess.run([binary, profile, "--headless", "--terminate_after_init"], capture_output=True, timeout=300)
    module = work / "profile/user/basic/Standard/Module1.xba"
    assert module.parent.is_dir(), "LibreOffice did not create its Basic library"
    module.write_text(REVIEW_MACRO)
    out = work / "out.txt"
    macro = f'macro:///Standard.Module1.Review("{docx_path}","{out}",".uno:{command}")'
    subprocess.run([binary, profile, "--headless", macro], capture_output=True, timeout=300)
    assert out.exists(), f"LibreOffice did not run {command}"
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    shutil.rmtree(work, ignore_errors=True)
    return lines


def clause_text(lines: list[str], heading: str) -> list[str]:
    """The source lines after the 'Tekst' label of the clause whose heading starts with `heading`."""
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    label = lines.index("Tekst", start)
    end = next((i for i in range(label + 1, len(lines)) if " – " in lines[i] and lines[i].endswith(")")), len(lines))
    return lines[label + 1 : end]


@pytest.mark.libreoffice
def test_accept_all_gives_new_text_and_reject_all_the_old(tmp_path: Path) -> None:
    old, new = old_library(tmp_path / "oud"), new_library(tmp_path / "nieuw")
    out = tmp_path / "redline.docx"
    assert run_cli("diff", old, new, "-o", out, "--date", "2026-11-20").exit_code == 0
    accepted = review_in_libreoffice(out, "AcceptAllTrackedChanges")
    rejected = review_in_libreoffice(out, "RejectAllTrackedChanges")
    assert clause_text(accepted, "algemeen.rapport") == NEW_TEXT.rstrip("\n").split("\n")
    assert clause_text(rejected, "algemeen.rapport") == OLD_TEXT.rstrip("\n").split("\n")
    assert "Versie: 2" in accepted and "Versie: 1" in rejected
    assert "Status: draft" in accepted and "Status: approved" in rejected
    # a removed clause's text is gone once accepted and back once rejected; an added one the reverse
    assert "Verouderde sanctiebepaling." not in accepted and "Verouderde sanctiebepaling." in rejected
    assert "Een geheel nieuwe bepaling over bouwblokken." in accepted
    assert "Een geheel nieuwe bepaling over bouwblokken." not in rejected
