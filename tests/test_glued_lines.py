"""A clause line that ends with a block tag loses its line break, so the next list item is glued
to it without a number ("… verschuldigd.1. De Opdrachtgever …", lawyer's reading m-2): `check`
reports it at the file and line, and no example document contains such a glued item."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, TENDER_EXAMPLES, copy_library, docx_text, run_cli

GLUED = re.compile(r"[.;:]\d+\. [A-Z]")


def test_check_reports_a_line_whose_break_is_swallowed(tmp_path: Path):
    library = tmp_path / "lib"
    copy_library(library)
    path = library / "clauses" / "raamovereenkomst" / "houders.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if "niet verschuldigd.{% endif +%}" in line)
    lines[number - 1] = lines[number - 1].replace("{% endif +%}", "{% endif %}")
    path.write_text("".join(lines), encoding="utf-8")
    result = run_cli("check", "--library", str(library))
    assert result.exit_code == 1  # check's "problems found"
    assert (
        f"houders.yaml:{number}: clausule raamovereenkomst.houders: deze regel eindigt op een bloktag" in result.output
    )
    assert "'{% endif +%}'" in result.output


@pytest.mark.parametrize("example", [p.name for p in TENDER_EXAMPLES])
def test_no_list_item_is_glued_to_the_one_before(example: str, tmp_path: Path):
    result = run_cli("generate", str(EXAMPLES / example), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    for path in sorted((tmp_path / "out").glob("*.docx")):
        glued = [line for line in docx_text(path).splitlines() if GLUED.search(line)]
        assert glued == [], (path.name, glued)
