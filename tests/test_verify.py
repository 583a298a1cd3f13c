"""Content controls around generated articles and `clausegen verify`: a clean document passes,
a hand-edited or untagged article is listed (exit 1), and the controls change nothing visible."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

from conftest import EXAMPLES, article_paragraphs, run_cli, to_pdf_text
from hostdocs import host_document
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _generate(tmp_path: Path, *extra: str) -> tuple[Path, dict]:
    out = tmp_path / "out"
    result = run_cli("generate", EXAMPLES / "schoonmaak-den-haag.yaml", "-o", out, "--json", *extra)
    assert result.exit_code == 0, result.output
    return out, json.loads(result.stdout)


def _rewrite(source: Path, target: Path, change) -> None:  # noqa: ANN001
    """Copy a .docx with its document.xml changed by `change(root)`, as a hand edit would."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                root = etree.fromstring(data)
                change(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(item, data)


def _unwrap(root: etree._Element) -> None:
    for sdt in list(root.iter(f"{W}sdt")):
        tag = sdt.find(f"{W}sdtPr/{W}tag")
        if tag is None or not tag.get(f"{W}val", "").startswith("cg:"):
            continue
        parent = sdt.getparent()
        index = parent.index(sdt)
        for child in list(sdt.find(f"{W}sdtContent")):
            parent.insert(index, child)
            index += 1
        parent.remove(sdt)


def test_every_article_is_a_tagged_content_control(tmp_path: Path) -> None:
    out, manifest = _generate(tmp_path)
    for document in manifest["documents"]:
        xml = zipfile.ZipFile(out / document["path"]).read("word/document.xml").decode()
        tags = re.findall(r'<w:tag w:val="cg:([^@"]+)@(\d+):([0-9a-f]{16})"/>', xml)
        assert [(t[0], int(t[1])) for t in tags] == [(c["id"], c["version"]) for c in document["clauses"]]
        result = run_cli("verify", out / document["path"])
        assert result.exit_code == 0, result.output
        assert f"{len(document['clauses'])} artikelen, alle ongewijzigd" in result.stderr + result.stdout


def test_a_hand_edited_article_is_listed(tmp_path: Path) -> None:
    out, manifest = _generate(tmp_path)
    source = out / manifest["documents"][0]["path"]
    edited = tmp_path / "bewerkt.docx"

    def edit(root: etree._Element) -> None:
        sdt = list(root.iter(f"{W}sdt"))[2]
        member = list(sdt.iter(f"{W}p"))[1]
        text = next(t for t in member.iter(f"{W}t") if t.text)
        text.text = text.text + " (aangepast)"

    _rewrite(source, edited, edit)
    result = run_cli("verify", edited)
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    third = article_paragraphs(source)[2].text
    assert lines[0].startswith(f"Artikel 3 ({third}): tekst wijkt af van ")
    assert "met de hand gewijzigd" in lines[0]


def test_an_article_without_tag_is_listed(tmp_path: Path) -> None:
    out, manifest = _generate(tmp_path)
    source = out / manifest["documents"][0]["path"]
    bare = tmp_path / "zonder.docx"
    _rewrite(source, bare, _unwrap)
    result = run_cli("verify", bare)
    assert result.exit_code == 1
    assert result.stdout.count("artikel zonder label") == len(manifest["documents"][0]["clauses"])


def test_verify_refuses_what_is_not_a_docx(tmp_path: Path) -> None:
    bad = tmp_path / "x.docx"
    bad.write_text("geen zip")
    result = run_cli("verify", bad)
    assert result.exit_code == 2 and "geen Word-document" in result.stderr
    assert run_cli("verify", tmp_path / "weg.docx").exit_code == 2


def test_composed_copy_verifies_clean_with_numbering_intact(tmp_path: Path) -> None:
    host = host_document(tmp_path / "host.docx")
    out, manifest = _generate(tmp_path, "--into", str(host))
    composed = next(d for d in manifest["documents"] if d["kind"] == "samengesteld")
    result = run_cli("verify", out / composed["path"])
    assert result.exit_code == 0, result.output
    headings = article_paragraphs(out / composed["path"])
    assert len(headings) == len(composed["clauses"])
    assert all(p._p.pPr.numPr is not None or p.style.style_id == "Artikelkop" for p in headings)


def test_content_controls_change_nothing_in_libreoffice(tmp_path: Path) -> None:
    out, manifest = _generate(tmp_path)
    source = out / manifest["documents"][0]["path"]
    bare = tmp_path / "bare" / source.name
    bare.parent.mkdir()
    _rewrite(source, bare, _unwrap)
    texts = to_pdf_text([source, bare])
    assert texts[source] == texts[bare]
    count = len(manifest["documents"][0]["clauses"])
    numbers = [int(n) for n in re.findall(r"^\s*Artikel\s(\d+)\s+\S", texts[source], re.M)]
    assert numbers[:count] == list(range(1, count + 1))
    assert io.BytesIO(source.read_bytes()).getbuffer().nbytes > 0
