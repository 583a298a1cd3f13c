"""The template context is declared once (clausegen/template/context.py): the renderer, `check`
and the shapes `check` reads all take their names, types and filters from that declaration."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_sandbox import TENDER, make_library

from clausegen.api import prepare
from clausegen.documents.assemble import base_context, context_data, document_kinds
from clausegen.model import Settings
from clausegen.review.check import check
from clausegen.template import context
from clausegen.template.render import compile_text, environment, render_text
from clausegen.template.shapes import context_shapes


@pytest.fixture
def fresh_environment() -> Iterator[None]:
    """The environment is built once; a test that changes the declaration builds it anew."""
    environment.cache_clear()
    compile_text.cache_clear()
    yield
    environment.cache_clear()
    compile_text.cache_clear()


def messages(lib: Path) -> list[str]:
    return [error.message for error in check(lib).problems]


def test_a_data_name_added_to_the_declaration_is_known_to_check_and_shapes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib, _ = make_library(tmp_path, "{{ extra.recovery_months }} en {{ extra.geen_veld }}")
    before = messages(lib)
    assert any("gebruikt 'extra', dat het plan niet levert" in m for m in before)
    assert "extra" not in context_shapes()

    monkeypatch.setitem(context.DATA, "extra", Settings)
    after = messages(lib)
    assert not any("gebruikt 'extra'" in m for m in after)
    assert context_shapes()["extra"].cls is Settings  # type: ignore[union-attr]
    assert any("extra.geen_veld" in m for m in after), after  # attributes checked from the declared type
    assert not any("recovery_months" in m for m in after)


def test_the_renderer_gives_exactly_the_declared_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lib, _ = make_library(tmp_path, "Tekst.")
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER, encoding="utf-8")
    prepared = prepare(tender, lib)
    for kind in document_kinds(prepared.plan):
        data = context_data(prepared.inputs, kind)
        assert set(data) <= set(context.DATA) and set(context.DATA) - set(data) <= context.OPTIONAL_DATA
        assert set(base_context(prepared.inputs, kind)) == set(data) | (context.helper_names() - {"fout"})
    monkeypatch.setitem(context.DATA, "extra", Settings)
    with pytest.raises(RuntimeError, match="exactly the entries of template/context.DATA"):
        context_data(prepared.inputs, "bijlage")


def test_a_helper_added_to_the_declaration_is_known_to_check_and_must_be_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib, _ = make_library(tmp_path, "{{ tabel_extra() }}")
    assert any("gebruikt 'tabel_extra'" in m for m in messages(lib))
    monkeypatch.setitem(context.HELPERS, "tabel_extra", "tabel_extra(): a further table")
    assert not any("tabel_extra" in m for m in messages(lib))
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER, encoding="utf-8")
    prepared = prepare(tender, lib)
    with pytest.raises(RuntimeError, match="exactly the helpers of template/context.HELPERS"):
        base_context(prepared.inputs, "bijlage")


def test_a_filter_added_to_the_declaration_reaches_the_renderer_and_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_environment: None
) -> None:
    lib, _ = make_library(tmp_path, "{{ 5 | dubbel }} en {{ 5 | onbekend }}")
    monkeypatch.setitem(context.FILTERS, "dubbel", lambda value: str(value * 2))
    environment.cache_clear()
    assert render_text(compile_text("{{ 5 | dubbel }}"), {}) == "10"
    (problem,) = [m for m in messages(lib) if "filter" in m]
    assert "'onbekend'" in problem
    assert problem.endswith("gebruik een van de filters voor clausules: aantal, datum, dubbel, euro, percentage")


def test_the_filters_of_check_are_those_of_the_environment() -> None:
    assert set(context.filter_names()) <= set(environment().filters)
    for name in context.filter_names():
        assert environment().filters[name] is context.FILTERS[name]
    assert set(environment().globals) & context.helper_names() == context.ENVIRONMENT_HELPERS
