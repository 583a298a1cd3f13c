"""The stored generated code of clause texts (clausegen/template/stored.py): a later process gets
the same templates (same output, byte for byte) without parsing the texts again; an entry that is
corrupt, foreign, under another key or for other code is never used; errors are never stored;
`CLAUSEGEN_CACHE=0` writes nothing."""

from __future__ import annotations

import base64
import hashlib
import json
import marshal
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from conftest import EXAMPLES, ROOT

from clausegen.errors import ClausegenError
from clausegen.template import render, stored

TEXT = "{% for n in items %}{{ n }} stuks{% if not loop.last %}, {% endif %}{% endfor %} voor {{ buyer }}"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of this test, and compile_text's in-process memory emptied around it."""
    monkeypatch.setenv("CLAUSEGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CLAUSEGEN_CACHE", raising=False)
    render.compile_text.cache_clear()
    yield tmp_path / "cache" / "templates"
    render.compile_text.cache_clear()


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def rendered(text: str) -> str:
    return render.compile_text(text).render(items=[1, 2, 3], buyer="de gemeente")


def no_jinja_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, parsing a text or generating its code fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the text was compiled again")

    monkeypatch.setattr(render.environment(), "compile", refuse)


def test_a_stored_text_is_not_compiled_again_and_renders_the_same(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = rendered(TEXT)
    [entry] = entries(folder)
    data = json.loads(entry.read_text(encoding="utf-8"))
    assert data["key"] == entry.stem == stored.key(render.environment(), TEXT)
    assert set(data["names"]) == {"items", "buyer"}
    assert os.stat(folder).st_mode & 0o077 == 0  # the user's alone
    render.compile_text.cache_clear()
    render._VARIABLES.clear()
    no_jinja_compiling(monkeypatch)
    assert rendered(TEXT) == first == "1 stuks, 2 stuks, 3 stuks voor de gemeente"
    assert render.variables.__wrapped__(TEXT) == {"items", "buyer"}


def test_a_stored_text_is_not_even_compiled_by_python_again(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The entry holds the code object as well, checked by its digest: Python's `compile` does
    not run over the generated source in a later process either."""
    first = rendered(TEXT)
    [entry] = entries(folder)
    data = json.loads(entry.read_text(encoding="utf-8"))
    assert hashlib.sha256(base64.b64decode(data["code"])).hexdigest() == data["code_sha256"]
    render.compile_text.cache_clear()
    no_jinja_compiling(monkeypatch)
    monkeypatch.setattr(render, "_code", lambda *args: pytest.fail("the generated source was compiled again"))
    assert rendered(TEXT) == first


def test_an_entry_without_its_code_is_used_and_completed(folder: Path) -> None:
    first = rendered(TEXT)
    [entry] = entries(folder)
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps({k: v for k, v in data.items() if not k.startswith("code")}), encoding="utf-8")
    render.compile_text.cache_clear()
    assert rendered(TEXT) == first
    assert json.loads(entry.read_text(encoding="utf-8"))["code_sha256"] == data["code_sha256"]


def spoilt_code(path: Path) -> dict[str, object]:
    """The entry with one byte of its code object changed and the digest left as it was."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    data = bytearray(base64.b64decode(entry["code"]))
    data[len(data) // 2] ^= 0xFF
    return {**entry, "code": base64.b64encode(bytes(data)).decode("ascii")}


def foreign_code(path: Path, data: bytes) -> dict[str, object]:
    """The entry with `data` as its code, under a matching digest (what only a forger writes)."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    return {**entry, "code": base64.b64encode(data).decode("ascii"), "code_sha256": hashlib.sha256(data).hexdigest()}


@pytest.mark.parametrize(
    "spoil",
    [
        lambda p: p.write_text("{not json", encoding="utf-8"),
        lambda p: p.write_text(json.dumps({**json.loads(p.read_text()), "key": "0" * 64}), encoding="utf-8"),
        lambda p: p.write_text(json.dumps({**json.loads(p.read_text()), "format": 0}), encoding="utf-8"),
        lambda p: p.write_text(json.dumps({**json.loads(p.read_text()), "source": "def root(:"}), encoding="utf-8"),
        lambda p: p.write_text(json.dumps({**json.loads(p.read_text()), "names": [1]}), encoding="utf-8"),
        lambda p: p.write_text(json.dumps({**spoilt_code(p), "source": "def root(:"}), encoding="utf-8"),
        lambda p: p.write_text(json.dumps(foreign_code(p, marshal.dumps(42))), encoding="utf-8"),
        lambda p: p.write_text(json.dumps({**json.loads(p.read_text()), "code": "not base64!"}), encoding="utf-8"),
    ],
    ids=["corrupt", "other-key", "other-format", "broken-source", "bad-names", "broken-code", "not-code", "not-base64"],
)
def test_a_spoilt_entry_is_ignored_and_the_text_compiled(folder: Path, spoil) -> None:  # noqa: ANN001
    first = rendered(TEXT)
    [entry] = entries(folder)
    spoil(entry)
    render.compile_text.cache_clear()
    assert rendered(TEXT) == first
    assert json.loads(entry.read_text(encoding="utf-8"))["key"] == entry.stem  # compiled and stored again


def test_an_entry_filed_under_another_texts_key_is_not_used(folder: Path) -> None:
    rendered(TEXT)
    [entry] = entries(folder)
    other = "{{ buyer }} alleen"
    # The right shape and key for `other`, but the code of TEXT: only clausegen writes the
    # folder, so this cannot happen by accident; the key it carries is checked all the same.
    forged = folder / f"{stored.key(render.environment(), other)}.json"
    forged.write_text(entry.read_text(encoding="utf-8"), encoding="utf-8")
    render.compile_text.cache_clear()
    assert rendered(other) == "de gemeente alleen"


def test_other_code_is_another_key(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = render.environment()
    before = stored.key(env, TEXT)
    monkeypatch.setattr(stored, "_modules_digest", None)
    monkeypatch.setattr(jinja2, "__version__", "0.0-other")
    assert stored.key(env, TEXT) != before
    monkeypatch.setattr(stored, "_modules_digest", None)
    monkeypatch.setattr(stored, "_HERE", folder.parent)  # other modules: none
    assert stored.key(env, TEXT) != before


def test_errors_are_not_stored_and_stay_the_same(folder: Path) -> None:
    with pytest.raises(jinja2.TemplateSyntaxError) as first:
        render.compile_text("{% if a %}open")
    assert not entries(folder)
    render.compile_text.cache_clear()
    with pytest.raises(jinja2.TemplateSyntaxError) as second:
        render.compile_text("{% if a %}open")
    assert (str(first.value), first.value.lineno) == (str(second.value), second.value.lineno)


def test_switched_off_writes_nothing(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUSEGEN_CACHE", "0")
    assert rendered(TEXT).endswith("de gemeente")
    assert not folder.exists()


def test_another_users_entry_is_not_believed(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rendered(TEXT)
    render.compile_text.cache_clear()
    monkeypatch.setattr(os, "getuid", lambda: os.stat(folder).st_uid + 1)
    assert stored.lookup(stored.key(render.environment(), TEXT)) is None


def test_a_runtime_error_keeps_its_template_line_from_a_stored_entry(folder: Path) -> None:
    text = "regel een\n{{ fout('kapot') }}\n"
    for _ in range(2):
        render.compile_text.cache_clear()
        template = render.compile_text(text)
        with pytest.raises(ClausegenError) as caught:
            template.render()
        assert render._template_lineno(caught.value) == 2
    assert len(entries(folder)) == 1


def _tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_batch_writes_the_same_bytes_without_with_and_from_the_store(tmp_path: Path) -> None:
    tenders = [EXAMPLES / "schoonmaak-den-haag.yaml", EXAMPLES / "bouw-fietsbrug.yaml"]
    env = {k: v for k, v in os.environ.items() if k != "CLAUSEGEN_CACHE"}
    env["PYTHONPATH"] = str(ROOT)
    env["CLAUSEGEN_CACHE_DIR"] = str(tmp_path / "cache")
    trees = []
    for name, extra in (("off", {"CLAUSEGEN_CACHE": "0"}), ("miss", {}), ("hit", {})):
        out = tmp_path / name
        cmd = [sys.executable, "-m", "clausegen", "batch", *map(str, tenders), "-o", str(out), "--jobs", "1"]
        done = subprocess.run(cmd, env={**env, **extra}, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        trees.append(_tree(out))
        if name == "off":
            assert not (tmp_path / "cache" / "templates").exists()
    assert trees[0] == trees[1] == trees[2] and trees[0]
    assert entries(tmp_path / "cache" / "templates")


def test_an_environment_with_other_filters_is_another_key(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from clausegen.template import context

    before = stored.key(render.environment(), TEXT)
    monkeypatch.setitem(context.FILTERS, "dubbel", lambda value: str(value * 2))
    render.environment.cache_clear()
    try:
        assert stored.key(render.environment(), TEXT) != before
    finally:
        monkeypatch.undo()
        render.environment.cache_clear()
    assert stored.key(render.environment(), TEXT) == before
