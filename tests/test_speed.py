"""The per-process caches and shortcuts of the batch speed work (issue 12) give exactly what the
work they save would give: formatting, Markdown blocks, compiled clause texts and their names,
tagged articles in the Word writer, and a batch leaves the garbage collector as it found it."""

from __future__ import annotations

import datetime
import gc
from decimal import Decimal
from pathlib import Path

import jinja2
import pytest
from conftest import EXAMPLES
from lxml import etree

from clausegen import fmt
from clausegen.batch import GC_THRESHOLD, batch
from clausegen.blocks import Run
from clausegen.docx import ooxml
from clausegen.errors import ClausegenError
from clausegen.template import render

VALUES = ["0", "-0", "-0.00", "1", "1.0", "1.00", "2.5", "2.50", "2.555", "1E+3", "1000", "-1234.565", "0.005"]


@pytest.mark.parametrize("text", VALUES)
def test_remembered_formatting_is_babels(text: str) -> None:
    value = Decimal(text)
    for _ in range(2):  # the second call is answered from the cache
        assert fmt.euro(value) == fmt._euro.__wrapped__(value)
        assert fmt.percentage(value) == fmt._percentage.__wrapped__(value)
        assert fmt.aantal(value) == fmt._aantal.__wrapped__(value, 0)
        assert fmt.aantal(value, 1) == fmt._aantal.__wrapped__(value, 1)


def test_minus_zero_and_equal_values_keep_their_own_text() -> None:
    fmt.euro(Decimal("0"))
    assert fmt.euro(Decimal("-0")) == "-€\u00a00,00"  # equal to 0, but printed with its sign
    assert fmt.euro(Decimal("0")) == "€\u00a00,00"
    assert fmt.euro(1) == fmt.euro(Decimal("1.00")) == "€\u00a01,00"
    assert fmt.percentage(Decimal("2.50")) == fmt.percentage(Decimal("2.5")) == "2,5%"


def test_a_cached_number_does_not_let_a_bool_through() -> None:
    assert fmt.euro(1) == "€\u00a01,00"
    with pytest.raises(TypeError, match="bool"):
        fmt.euro(True)
    with pytest.raises(TypeError, match="float"):
        fmt.percentage(1.0)


def test_dates_are_remembered_and_datetimes_refused_as_before() -> None:
    day = datetime.date(2026, 12, 1)
    assert fmt.datum(day) == fmt.datum(datetime.date(2026, 12, 1)) == "1 december 2026"
    moment = datetime.datetime(2026, 12, 1, 10, 0)
    assert fmt.datum(moment) == fmt._datum.__wrapped__(moment)


def test_blocks_of_a_plain_text_are_built_once_and_equal() -> None:
    text = "De opdrachtnemer zet in:\n\n1. **een** jobcoach;\n2. een *werkplek*.\n\n- een punt\n"

    def no_ref(target: str) -> Run:
        raise AssertionError(target)

    first = render.markdown_blocks(text, no_ref)
    again = render.markdown_blocks(text, no_ref)
    assert first == again == list(render._blocks(text, no_ref, render.Placeholders()))
    assert first is not again  # each caller gets its own list
    again.clear()
    assert render.markdown_blocks(text, no_ref) == first
    assert [b.role for b in first] == ["body", "member", "member", "bullet"]


def test_a_text_with_a_marker_is_never_taken_for_plain_text() -> None:
    forged = f"tekst {render.OPEN}0{render.CLOSE} meer"
    for _ in range(2):
        with pytest.raises(ClausegenError, match="marker"):
            render.markdown_blocks(forged, lambda t: Run(t))


TRICKY = [
    "{% set x = 3 %}{{ tender.title }} {{ x }} {% for lot in plan.lots %}{{ lot.id }}{% endfor %}",
    "{% macro m(a, b=c) %}{{ a }}{{ lot.id }}{% endmacro %}{{ m(1) }}{{ fout('x') if z }}",
    "{% for x in plan.lots recursive %}{{ loop(x.children) }}{{ y }}{% else %}{{ w }}{% endfor %}",
    "{% call m(1) %}{{ caller_name }}{% endcall %}{% with q = r %}{{ q }}{{ s }}{% endwith %}",
    "{% set block %}{{ inner }}{% endset %}{% filter upper %}{{ outer }}{% endfilter %}{{ block }}",
    "{% if a %}{% set b = 1 %}{% endif %}{{ b }}{{ 'l_0_x = resolve(\\'evil\\')' }}\nl_0_x = resolve('evil')",
    "geen variabelen, alleen tekst",
]


def test_names_from_the_generated_code_are_those_of_jinjas_meta() -> None:
    from clausegen.library.load import load_library

    texts = [entry.item.text for entry in load_library(None).clauses.values()] + TRICKY
    env = render.environment()
    for text in texts:
        render.compile_text.cache_clear()
        render.variables.cache_clear()
        render._VARIABLES.clear()
        render.compile_text(text)
        assert text in render._VARIABLES, text
        assert render.variables(text) == frozenset(jinja2.meta.find_undeclared_variables(env.parse(text))), text
    assert "evil" not in render.variables(TRICKY[5])


def test_a_text_that_does_not_compile_raises_the_error_it_always_did() -> None:
    text = "regel een\n{{ tender.title | bestaatniet }}"
    with pytest.raises(jinja2.TemplateError) as direct:
        render.environment().from_string(text)
    with pytest.raises(jinja2.TemplateError) as compiled:
        render.compile_text(text)
    assert type(compiled.value) is type(direct.value)
    assert str(compiled.value) == str(direct.value)
    assert compiled.value.lineno == direct.value.lineno == 2


def test_tagged_article_is_the_tree_of_wrap_article() -> None:
    parts = [
        ooxml.paragraph_xml(ooxml.ARTICLE_STYLE, ooxml.run_xml("Inzet & <plaatsing>"), ("7", 0), bookmark=(1, "b1")),
        ooxml.paragraph_xml(ooxml.MEMBER_STYLE, ooxml.run_xml('De "opdrachtnemer" zet in.'), ("7", 1)),
        ooxml.table_xml(("A", "B"), (("1", "2"),), ("left", "right"), (50, 50), None, 9000),
    ]
    title = 'Inzet & "plaatsing" <bij> de opdrachtnemer ' + "x" * 300
    tagged = ooxml.tagged_article(parts, "inzet.plaatsing", 3, title)
    wrapped = ooxml.wrap_article(ooxml.body_fragment(parts), "inzet.plaatsing", 3, title)
    bodies = []
    for sdt in (tagged, wrapped):  # as the writer places them: into the document's body
        body = etree.fromstring(f"<w:document {ooxml_nsdecls()}><w:body/></w:document>")[0]
        body.append(sdt)
        bodies.append(etree.tostring(body))
    assert bodies[0] == bodies[1]
    [(tag, text, _)] = ooxml.tagged_articles(body)
    assert tag is not None and (tag.clause_id, tag.version) == ("inzet.plaatsing", 3)
    assert tag.hash == ooxml.text_hash(text) and text.startswith("Inzet & <plaatsing>\nDe")


def ooxml_nsdecls() -> str:
    from docx.oxml.ns import nsdecls

    return str(nsdecls("w"))


def test_batch_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    before = gc.get_threshold(), gc.get_freeze_count()
    assert before[0][0] < GC_THRESHOLD
    results = batch([EXAMPLES / "catering-kantine-klein.yaml"], tmp_path / "uit", jobs=1)
    assert [r.ok for r in results] == [True]
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def _refused_by_the_loop(ch: str) -> bool:
    """The rule `model._no_control_chars` states character by character."""
    code = ord(ch)
    control = code < 32 and ch not in "\n\t"
    return control or 0xD800 <= code <= 0xDFFF or ch in "\ufffe\uffff\ue000\ue001" or 0x7F <= code <= 0x9F


def test_the_quick_text_check_refuses_exactly_what_the_loop_refuses() -> None:
    from clausegen import model

    differ = [c for c in range(0x110000) if _refused_by_the_loop(chr(c)) != bool(model._REFUSED.search(chr(c)))]
    assert differ == []
    assert model._no_control_chars("gewone tekst\tmet\nregels €") == "gewone tekst\tmet\nregels €"
    cases = [("a\rb\x85", "text.control-character"), ("a\x85b", "text.marker"), ("a\ufffeb", "text.not-in-word")]
    for text, code in cases:
        with pytest.raises(model.Invalid) as caught:
            model._no_control_chars(text)
        assert caught.value.code == code  # the first refused character, named as before
