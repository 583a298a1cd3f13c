"""The API takes a loaded `Library` as well as a folder: the same results, and the library's
files are not listed or read again (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, docx_text
from hostdocs import real_library_copy

import clausegen
from clausegen.batch import batch
from clausegen.library import load
from clausegen.library.load import load_library
from clausegen.review.preview import preview, sample_inputs

TENDER = EXAMPLES / "schoonmaak-den-haag.yaml"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return real_library_copy(tmp_path)


@pytest.fixture
def no_reload(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """Fails the test when a library folder is listed again (`_signature` is the look at the files)."""

    def refuse(root: Path) -> tuple:
        raise AssertionError(f"library {root} looked up again")

    def arm() -> None:
        monkeypatch.setattr(load, "_signature", refuse)

    return arm


def test_plan_explain_generate_take_a_loaded_library(library: Path, tmp_path: Path, no_reload) -> None:  # noqa: ANN001
    by_path = clausegen.plan(TENDER, library)
    explained = clausegen.explain(TENDER, library)
    lib = load_library(library)
    no_reload()
    assert clausegen.plan(TENDER, lib) == by_path
    assert clausegen.explain(TENDER, lib) == explained
    manifest = clausegen.generate(TENDER, tmp_path / "out", library=lib)
    assert manifest["library"]["fingerprint"] == lib.fingerprint
    annex = next(d["path"] for d in manifest["documents"] if d["kind"] == "bijlage")
    assert "Social return" in docx_text(tmp_path / "out" / annex)


def test_batch_and_preview_take_a_loaded_library(library: Path, tmp_path: Path, no_reload) -> None:  # noqa: ANN001
    lib = load_library(library)
    text = preview("algemeen.definities", library=library).text()
    no_reload()
    assert preview("algemeen.definities", library=lib).text() == text
    results = batch([TENDER], tmp_path / "batch", jobs=1, library=lib)
    assert [r.ok for r in results] == [True]
    assert (tmp_path / "batch" / results[0].folder / "manifest.json").is_file()


def test_sample_tenders_are_built_only_as_needed(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from clausegen.review import preview as module

    lib = load_library(library)
    clause = lib.clause("algemeen.definities")
    built: list[str] = []
    real = module._sample_tender

    def counted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        built.append(args[0].id)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "_sample_tender", counted)
    samples = sample_inputs(lib, clause)
    assert built == []  # a generator: nothing is built before it is asked for
    next(samples)
    assert len(built) == 1
    preview("algemeen.definities", library=lib)
    assert len(built) <= 2  # a general clause applies to the first sample
    preview("algemeen.definities", library=lib)
    assert len(built) <= 2  # kept with the library: the next preview builds none again
