"""generate --into: the annex appended to a copy of the buyer's own document, read back as XML
(numbering definitions and numIds, style ids, restart overrides, sections, bookmarks) and
rendered with LibreOffice."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import run_cli, to_pdf_text
from docx.oxml.ns import qn
from hostdocs import (
    REF_CLAUSE,
    TENDER,
    by_attr,
    canonical,
    drop_numbering,
    host_document,
    library_with,
    list_name,
    num_id_of,
    numbering_in_schema_order,
    paragraph_text,
    part,
    style_of,
    tender_file,
)
from lxml import etree

ARTICLE_STYLES = {"Artikelkop", "Lid", "Sublid"}


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return library_with(tmp_path, {"clauses/monitoring/rapportage.yaml": REF_CLAUSE})


def compose_cli(tmp_path: Path, library: Path, host: Path, out_name: str = "out") -> tuple[Path, dict]:
    out = tmp_path / out_name
    result = run_cli("generate", tender_file(tmp_path), "-o", out, "--into", host, "--library", library)
    assert result.exit_code == 0, result.output
    return out, json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def body_paragraphs(path: Path) -> list:
    return list(part(path, "word/document.xml").iter(qn("w:p")))


def test_host_untouched_and_copy_named_after_it(tmp_path: Path, library: Path) -> None:
    host = host_document(tmp_path / "Leidraad 2026-0142.docx")
    before = hashlib.sha256(host.read_bytes()).hexdigest()
    out, manifest = compose_cli(tmp_path, library, host)
    assert hashlib.sha256(host.read_bytes()).hexdigest() == before
    composed = [d for d in manifest["documents"] if d["kind"] == "samengesteld"]
    assert len(composed) == 1
    entry = composed[0]
    assert entry["path"] == "Leidraad 2026-0142.docx"
    assert (out / entry["path"]).exists()
    assert entry["sha256"] == hashlib.sha256((out / entry["path"]).read_bytes()).hexdigest()
    assert entry["source"] == {"path": "Leidraad 2026-0142.docx", "sha256": before}
    bijlage = next(d for d in manifest["documents"] if d["kind"] == "bijlage")
    assert entry["clauses"] == bijlage["clauses"]
    kinds = sorted(d["kind"] for d in manifest["documents"])
    assert kinds == ["bijlage", "overeenkomst", "samengesteld"]


def test_host_styles_numbering_and_text_stay_as_they_were(tmp_path: Path, library: Path) -> None:
    host = host_document(tmp_path / "leidraad.docx")
    out, _ = compose_cli(tmp_path, library, host)
    composed = out / "leidraad.docx"

    # every style of the host is still there, byte for byte; nothing is defined twice
    host_styles = by_attr(part(host, "word/styles.xml"), "w:style", "w:styleId")
    styles_root = part(composed, "word/styles.xml")
    ids = [s.get(qn("w:styleId")) for s in styles_root.iter(qn("w:style"))]
    names = [s.find(qn("w:name")).get(qn("w:val")).lower() for s in styles_root.iter(qn("w:style"))]
    assert len(ids) == len(set(ids)), "a style id is defined twice"
    assert len(names) == len(set(names)), "a style name is defined twice"
    new_styles = by_attr(styles_root, "w:style", "w:styleId")
    for style_id, style in host_styles.items():
        assert canonical(new_styles[style_id]) == canonical(style), f"host style {style_id} changed"
    assert {"Artikelkop", "Lid", "Sublid", "Artikeltekst", "TabelSocialReturn"} <= set(new_styles)

    # every list definition of the host is unchanged, and clausegen's lists are added once
    host_numbering = part(host, "word/numbering.xml")
    numbering = part(composed, "word/numbering.xml")
    for tag, attr in (("w:abstractNum", "w:abstractNumId"), ("w:num", "w:numId")):
        old = by_attr(host_numbering, tag, attr)
        new = by_attr(numbering, tag, attr)
        for key, element in old.items():
            assert canonical(new[key]) == canonical(element), f"host {tag} {key} changed"
    assert host_numbering[-1].tag == qn("w:numIdMacAtCleanup")
    assert numbering_in_schema_order(numbering), "abstractNums, then nums, then Word's numIdMacAtCleanup"
    list_names = [n.get(qn("w:val")) for n in numbering.iter(qn("w:name"))]
    assert list_names.count("clausegen-artikelen") == 1
    assert list_names.count("clausegen-opsomming") == 1

    # the host's paragraphs come first, unchanged (text, style, numbering), in the same order
    host_paras = body_paragraphs(host)
    paras = body_paragraphs(composed)
    for old, new in zip(host_paras, paras, strict=False):
        assert paragraph_text(new) == paragraph_text(old)
        assert style_of(new) == style_of(old)
        assert num_id_of(new) == num_id_of(old)
    host_list = [p for p in paras if style_of(p) == "ListNumber"]
    assert [paragraph_text(p) for p in host_list] == [
        "Eerste eis van de koper",
        "Tweede eis van de koper",
        "Derde eis van de koper",
    ]
    assert [style_of(p) for p in paras].count("Kopertekst") == 2


def test_annex_articles_have_their_own_restarted_list(tmp_path: Path, library: Path) -> None:
    host = host_document(tmp_path / "leidraad.docx")
    out, _ = compose_cli(tmp_path, library, host)
    composed = out / "leidraad.docx"
    numbering = part(composed, "word/numbering.xml")
    annex = [p for p in body_paragraphs(composed) if style_of(p) in ARTICLE_STYLES]
    assert len([p for p in annex if style_of(p) == "Artikelkop"]) == 4
    used = {num_id_of(p) for p in annex}
    assert len(used) == 1 and None not in used, "every article paragraph carries the one restart numId"
    (restart,) = used
    assert list_name(numbering, restart) == "clausegen-artikelen"
    num = by_attr(numbering, "w:num", "w:numId")[restart]
    overrides = {
        o.get(qn("w:ilvl")): o.find(qn("w:startOverride")).get(qn("w:val")) for o in num.iter(qn("w:lvlOverride"))
    }
    assert overrides == {"0": "1", "1": "1", "2": "1"}
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = by_attr(numbering, "w:abstractNum", "w:abstractNumId")[abstract_id]
    level_text = {
        lvl.get(qn("w:ilvl")): lvl.find(qn("w:lvlText")).get(qn("w:val")) for lvl in abstract.iter(qn("w:lvl"))
    }
    assert level_text.get("0") == "Artikel\u00a0%1" and level_text.get("1") == "%1.%2"
    # the heading style itself is linked to the article list in the composed document (numbering
    # defined only in an appended part's style is lost by docxcompose: DESIGN.md §5a)
    style = by_attr(part(composed, "word/styles.xml"), "w:style", "w:styleId")["Artikelkop"]
    style_num = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
    assert list_name(numbering, style_num) == "clausegen-artikelen"
    # the host's list is not touched by any restart
    host_list = [p for p in body_paragraphs(composed) if style_of(p) == "ListNumber"]
    assert all(num_id_of(p) is None for p in host_list)


def test_annex_starts_a_new_section_with_the_host_header(tmp_path: Path, library: Path) -> None:
    host = host_document(tmp_path / "leidraad.docx")
    out, _ = compose_cli(tmp_path, library, host)
    composed = out / "leidraad.docx"
    document = part(composed, "word/document.xml")
    body = document.find(qn("w:body"))
    breaks = [p for p in body.iter(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None]
    assert len(breaks) == 1, "one section break between the host and the annex"
    texts = [paragraph_text(p) for p in body.iter(qn("w:p"))]
    index = list(body.iter(qn("w:p"))).index(breaks[0])
    assert "De procedure verloopt zoals hieronder." in texts[:index]
    assert "Bijlage Social Return" in texts[index:]
    final = body.find(qn("w:sectPr"))
    assert final.find(qn("w:type")).get(qn("w:val")) == "nextPage"
    host_refs = {r.get(qn("r:id")) for r in part(host, "word/document.xml").iter(qn("w:headerReference"))}
    first_refs = {r.get(qn("r:id")) for r in breaks[0].iter(qn("w:headerReference"))}
    last_refs = {r.get(qn("r:id")) for r in final.findall(qn("w:headerReference"))}
    assert host_refs and first_refs == host_refs and last_refs == host_refs
    assert not any(n.startswith("word/header") and n != "word/header1.xml" for n in _names(composed)), (
        "the annex's own header is not carried over"
    )
    header = part(composed, "word/header1.xml")
    assert "Koperskop" in "".join(header.itertext())
    assert header.find(".//" + qn("w:drawing")) is not None, "the buyer's logo stays in the header"


def _names(path: Path) -> list[str]:
    import zipfile

    with zipfile.ZipFile(path) as package:
        return package.namelist()


def test_bookmarks_stay_paired_and_refs_resolve(tmp_path: Path, library: Path) -> None:
    host = host_document(tmp_path / "leidraad.docx")
    out, _ = compose_cli(tmp_path, library, host)
    body = part(out / "leidraad.docx", "word/document.xml")
    starts = {b.get(qn("w:name")): b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkStart"))}
    start_ids = [b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkStart"))]
    end_ids = [b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkEnd"))]
    assert len(start_ids) == len(set(start_ids)), "bookmark ids are unique"
    assert sorted(start_ids) == sorted(end_ids)
    # the host's nested bookmarks: Binnen closes before Buiten, each with its own id
    order = [
        (el.tag, el.get(qn("w:id")))
        for el in body.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd"))
        if el.get(qn("w:id")) in (starts["Buiten"], starts["Binnen"])
    ]
    assert order == [
        (qn("w:bookmarkStart"), starts["Buiten"]),
        (qn("w:bookmarkStart"), starts["Binnen"]),
        (qn("w:bookmarkEnd"), starts["Binnen"]),
        (qn("w:bookmarkEnd"), starts["Buiten"]),
    ]
    refs = [t.text.split()[1] for t in body.iter(qn("w:instrText")) if t.text.split()[0] == "REF"]
    assert len(refs) == 3
    assert all(ref in starts for ref in refs)


def test_composing_into_a_clausegen_document_restarts_and_renames_bookmarks(tmp_path: Path, library: Path) -> None:
    """A host that already holds clausegen articles (an annex composed earlier): the new annex
    again reads Artikel 1..., and its bookmarks get names of their own."""
    out, _ = compose_cli(tmp_path, library, host_document(tmp_path / "leidraad.docx"))
    second_host = tmp_path / "leidraad-met-bijlage.docx"
    second_host.write_bytes((out / "leidraad.docx").read_bytes())
    out2, _ = compose_cli(tmp_path, library, second_host, "out2")
    composed = out2 / "leidraad-met-bijlage.docx"
    body = part(composed, "word/document.xml")
    names = [b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))]
    assert len(names) == len(set(names))
    articles = [p for p in body.iter(qn("w:p")) if style_of(p) == "Artikelkop"]
    assert len(articles) == 8
    first, second = {num_id_of(p) for p in articles[:4]}, {num_id_of(p) for p in articles[4:]}
    assert len(first) == 1 and len(second) == 1 and first != second
    numbering = part(composed, "word/numbering.xml")
    assert [n.get(qn("w:val")) for n in numbering.iter(qn("w:name"))].count("clausegen-artikelen") == 1
    second_refs = [
        t.text.split()[1]
        for p in list(body.iter(qn("w:p")))[list(body.iter(qn("w:p"))).index(articles[4]) :]
        for t in p.iter(qn("w:instrText"))
        if t.text.split()[0] == "REF"
    ]
    second_marks = {b.get(qn("w:name")) for p in articles[4:] for b in p.iter(qn("w:bookmarkStart"))}
    assert second_refs and set(second_refs) <= second_marks
    pdf = to_pdf_text([composed])[composed]
    assert len(re.findall(r"^\s*Artikel 1\s+Begripsbepalingen", pdf, re.M)) == 2


def test_buyer_style_with_a_clausegen_id_keeps_its_meaning(tmp_path: Path, library: Path) -> None:
    host = host_document(tmp_path / "leidraad.docx", own_lid_style=True)
    out, _ = compose_cli(tmp_path, library, host)
    composed = out / "leidraad.docx"
    styles = by_attr(part(composed, "word/styles.xml"), "w:style", "w:styleId")
    original = by_attr(part(host, "word/styles.xml"), "w:style", "w:styleId")["Lid"]
    assert canonical(styles["Lid"]) == canonical(original)
    assert "LidSR" in styles
    assert styles["LidSR"].find(qn("w:name")).get(qn("w:val")) == "Lid (social return)"
    numbering = part(composed, "word/numbering.xml")
    style_num = styles["LidSR"].find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
    assert list_name(numbering, style_num) == "clausegen-artikelen"
    paras = body_paragraphs(composed)
    buyer = [p for p in paras if style_of(p) == "Lid"]
    members = [p for p in paras if style_of(p) == "LidSR"]
    assert [paragraph_text(p) for p in buyer] == ["Een lid in de eigen stijl van de koper."]
    assert members and all(num_id_of(p) is not None for p in members)
    level_styles = {
        lvl.find(qn("w:pStyle")).get(qn("w:val"))
        for a in numbering.iter(qn("w:abstractNum"))
        if a.find(qn("w:name")) is not None and a.find(qn("w:name")).get(qn("w:val")) == "clausegen-artikelen"
        for lvl in a.iter(qn("w:lvl"))
        if lvl.find(qn("w:pStyle")) is not None
    }
    assert level_styles == {"Artikelkop", "LidSR", "Sublid"}


def test_libreoffice_renders_both_numberings(tmp_path: Path, library: Path) -> None:
    host = host_document(tmp_path / "leidraad.docx")
    out, _ = compose_cli(tmp_path, library, host)
    composed = out / "leidraad.docx"
    pdf = to_pdf_text([composed])[composed]
    pages = pdf.split("\f")
    assert re.search(r"1\.\s+Eerste eis van de koper", pdf)
    assert re.search(r"2\.\s+Tweede eis van de koper", pdf)
    assert re.search(r"3\.\s+Derde eis van de koper", pdf)
    for number, title in enumerate(
        ["Begripsbepalingen", "Omvang van de verplichting", "Social-returnverplichting"], start=1
    ):
        assert re.search(rf"Artikel {number}\s+{title}", pdf), title
    assert re.search(r"^\s*1\.1\s+Opdrachtgever", pdf, re.M)
    assert re.search(r"^\s*4\.1\s+De Opdrachtnemer rapporteert", pdf, re.M)
    assert "uit Artikel 3" in pdf.replace("\n", " ") or re.search(r"uit\s+Artikel\s+3", pdf)
    annex_page = next(i for i, page in enumerate(pages) if "Bijlage Social Return" in page)
    assert "De procedure verloopt" not in pages[annex_page], "the annex starts on a new page"
    assert all("Koperskop" in page for page in pages if page.strip()), "the host header on every page"


def test_into_errors_write_nothing(tmp_path: Path, library: Path) -> None:
    tender = tender_file(tmp_path)
    out = tmp_path / "out"
    missing = run_cli("generate", tender, "-o", out, "--into", tmp_path / "nope.docx", "--library", library)
    assert missing.exit_code == 2
    assert "nope.docx: het document bij --into bestaat niet" in missing.stderr
    text = tmp_path / "leidraad.docx"
    text.write_text("geen Word-document", encoding="utf-8")
    not_docx = run_cli("generate", tender, "-o", out, "--into", text, "--library", library)
    assert not_docx.exit_code == 2
    assert "het document bij --into is geen Word-bestand (.docx)" in not_docx.stderr
    assert "Traceback" not in not_docx.stderr + not_docx.stdout
    template = tmp_path / "sjabloon.docx"
    host_document(tmp_path / "basis.docx").rename(template)
    _make_template(template)
    dotx = run_cli("generate", tender, "-o", out, "--into", template, "--library", library)
    assert dotx.exit_code == 2
    assert "is geen Word-document (.docx) maar een sjabloon" in dotx.stderr
    assert not out.exists()


def _make_template(path: Path) -> None:
    """Turn a .docx into a Word template (.dotx content type) in place."""
    import zipfile

    data = {}
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            data[name] = package.read(name)
    data["[Content_Types].xml"] = data["[Content_Types].xml"].replace(b"document.main+xml", b"template.main+xml")
    with zipfile.ZipFile(path, "w") as package:
        for name, blob in data.items():
            package.writestr(name, blob)


def test_into_never_overwrites_the_document_itself(tmp_path: Path, library: Path) -> None:
    host = host_document(tmp_path / "leidraad.docx")
    before = host.read_bytes()
    result = run_cli("generate", tender_file(tmp_path), "-o", tmp_path, "--into", host, "--force", "--library", library)
    assert result.exit_code == 2
    assert "zou het document van --into overschrijven" in result.stderr
    assert host.read_bytes() == before
    assert not (tmp_path / "manifest.json").exists()


def test_composed_bytes_are_reproducible(tmp_path: Path, library: Path) -> None:
    host = host_document(tmp_path / "leidraad.docx")
    first, _ = compose_cli(tmp_path, library, host, "a")
    second, _ = compose_cli(tmp_path, library, host, "b")
    assert (first / "leidraad.docx").read_bytes() == (second / "leidraad.docx").read_bytes()


def test_host_without_numbering_part(tmp_path: Path, library: Path) -> None:
    """A host that never had a list (no numbering part at all) gets one with clausegen's lists."""
    host = tmp_path / "brief.docx"
    document = docx.Document()
    document.add_paragraph("Een document zonder lijsten.")
    document.save(str(host))
    drop_numbering(host)
    out, _ = compose_cli(tmp_path, library, host)
    composed = out / "brief.docx"
    numbering = part(composed, "word/numbering.xml")
    assert [n.get(qn("w:val")) for n in numbering.iter(qn("w:name"))].count("clausegen-artikelen") == 1
    articles = [p for p in body_paragraphs(composed) if style_of(p) == "Artikelkop"]
    assert len(articles) == 4
    assert list_name(numbering, num_id_of(articles[0])) == "clausegen-artikelen"


def test_numbered_host_headings_and_a_host_style_named_like_ours(tmp_path: Path, library: Path) -> None:
    """The buyer's headings are numbered by a list of their own and one of its styles is called
    "Artikelkop" (under another id): both stay the buyer's, and the annex gets its own."""
    host = host_document(tmp_path / "leidraad.docx", numbered_headings=True, artikelkop_name=True)
    out, _ = compose_cli(tmp_path, library, host)
    composed = out / "leidraad.docx"
    styles_root = part(composed, "word/styles.xml")
    styles = by_attr(styles_root, "w:style", "w:styleId")
    names = [s.find(qn("w:name")).get(qn("w:val")).lower() for s in styles_root.iter(qn("w:style"))]
    assert len(names) == len(set(names)), "no style name twice"
    original = by_attr(part(host, "word/styles.xml"), "w:style", "w:styleId")
    for style_id in ("KoperArtikel", "Heading1"):
        assert canonical(styles[style_id]) == canonical(original[style_id])
    assert styles["ArtikelkopSR"].find(qn("w:name")).get(qn("w:val")) == "Artikelkop (social return)"
    paras = body_paragraphs(composed)
    assert [paragraph_text(p) for p in paras if style_of(p) == "KoperArtikel"] == [
        "Een artikel in de eigen stijl van de koper."
    ]
    annex_headings = [p for p in paras if style_of(p) == "ArtikelkopSR"]
    assert len(annex_headings) == 4
    numbering = part(composed, "word/numbering.xml")
    assert {list_name(numbering, num_id_of(p)) for p in annex_headings} == {"clausegen-artikelen"}
    pdf = to_pdf_text([composed])[composed]
    assert re.search(r"1\.\s+Aanbestedingsleidraad", pdf)
    assert re.search(r"2\.\s+Procedure", pdf)
    assert re.search(r"Artikel 1\s+Begripsbepalingen", pdf)
    assert re.search(r"Artikel 4\s+Rapportage", pdf)
    assert not re.search(r"3\.\s+Begripsbepalingen", pdf), "the annex is not in the buyer's heading list"


def test_into_document_named_like_an_output_is_refused(tmp_path: Path, library: Path) -> None:
    host = host_document(tmp_path / "2026-0142-bijlage-social-return.docx")
    out = tmp_path / "out"
    result = run_cli("generate", tender_file(tmp_path), "-o", out, "--into", host, "--library", library)
    assert result.exit_code == 2
    assert (
        "zou 2026-0142-bijlage-social-return.docx heten, net als een document dat clausegen zelf schrijft"
        in result.stderr
    )
    assert not out.exists()


def test_into_without_an_annex_writes_no_copy(tmp_path: Path, library: Path) -> None:
    host = host_document(tmp_path / "leidraad.docx")
    supplies = tender_file(tmp_path, TENDER.replace("category: schoonmaak", "category: levering"))
    out = tmp_path / "out"
    result = run_cli("generate", supplies, "-o", out, "--into", host, "--library", library)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[1:] == [
        "Deze aanbesteding krijgt geen verplichting en geen inspanningsclausule: er zijn geen documenten gemaakt, "
        "alleen het manifest.",
        "Er is geen bijlage om toe te voegen; daarom is er geen kopie van leidraad.docx gemaakt.",
        f"opgeslagen: {out / 'manifest.json'}",
    ]
    assert not (out / "leidraad.docx").exists()
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"] == []


def test_composed_copy_keeps_the_hosts_custom_properties_and_adds_provenance(tmp_path: Path, library: Path) -> None:
    from clausegen.docx.writer import set_custom_properties

    host = host_document(tmp_path / "leidraad.docx")
    document = docx.Document(str(host))
    set_custom_properties(document, {"Zaaknummer": "Z-2026-77", "clausegen.reference": "oud"})
    document.save(str(host))
    out, manifest = compose_cli(tmp_path, library, host)
    with zipfile.ZipFile(out / "leidraad.docx") as package:
        props = etree.fromstring(package.read("docProps/custom.xml"))
    values = {p.get("name"): "".join(p.itertext()) for p in props}
    pids = [int(p.get("pid")) for p in props]
    assert values["Zaaknummer"] == "Z-2026-77"  # the buyer's own property stays
    assert values["clausegen.reference"] == manifest["tender"]["reference"]  # ours replace an earlier annex's
    assert values["clausegen.kind"] == "samengesteld"
    assert values["clausegen.profile"] == manifest["profile"]["id"]
    assert values["clausegen.library"] == manifest["library"]["fingerprint"]
    assert len(pids) == len(set(pids)) and min(pids) >= 2
