"""Numbers read the way a Dutch buyer means them: YAML 1.1 forms that silently change a figure
(octal, base 60, `1_000`, a Dutch thousands dot) are refused with the file, the line and the
fix; decimals stay exact; the web form reads the same text the same way; the JSON Schema agrees.
Also: text is safe everywhere (control characters, clausegen's markers, terminal escapes)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from conftest import browser_client, run_cli

from clausegen.api import prepare
from clausegen.errors import ClausegenError
from clausegen.library.schema import json_schema
from clausegen.numbers import read_amount
from clausegen.web.forms import parse_amount, parse_int

TENDER = """\
reference: 2026-0960
title: Schoonmaak kantoren Delft
contracting_authority: Gemeente Voorbeeld
category: schoonmaak
contract_type: overeenkomst
value_eur: 2400000
duration_months: 48
publication_date: 2026-12-01
"""
LOTS = """\
value_eur: 2400000
duration_months: 48
publication_date: 2026-12-01
lots:
  - id: 010
    title: Centrum
    value_eur: 1500000
  - id: 011
    title: Zuid
    value_eur: 900000
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tender.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def with_value(tmp_path: Path, field: str, value: str) -> Path:
    lines = [f"{field}: {value}" if line.startswith(f"{field}:") else line for line in TENDER.splitlines()]
    return write(tmp_path, "\n".join(lines) + "\n")


REFUSED = {
    # field, written, line, expected part of the one-line message
    "octal-money": ("value_eur", "0250000", 6, "value_eur: '0250000' begint met een 0; schrijf 250000"),
    "octal-money-text": ("value_eur", '"0250000"', 6, "'0250000' begint met een 0; schrijf 250000"),
    "base60-money": ("value_eur", "40:00:00", 6, "'40:00:00': YAML leest een getal met ':' zestigtallig"),
    "base60-duration": ("duration_months", "1:00", 7, "'1:00': YAML leest een getal met ':' zestigtallig"),
    "underscore-money": ("value_eur", "1_000_000", 6, "'1_000_000': schrijf het getal zonder '_', dus 1000000"),
    "hex-money": ("value_eur", "0x3D0900", 6, "schrijf het getal decimaal"),
    "binary-money": ("value_eur", "0b1010", 6, "schrijf het getal decimaal"),
    "thousands-dot": ("value_eur", "900.000", 6, "value_eur: '900.000': bedoelt u 900000?"),
    "thousands-dots-text": ("value_eur", '"1.500.000"', 6, "'1.500.000': bedoelt u 1500000?"),
    "thousands-dot-and-comma": ("value_eur", '"1.500.000,50"', 6, "'1.500.000,50': bedoelt u 1500000.50?"),
    "three-decimals": ("value_eur", "2400000.123", 6, "'2400000.123' heeft meer dan twee decimalen"),
    "leading-zero-duration": ("duration_months", "048", 7, "duration_months: '048' begint met een 0; schrijf 48"),
    "leading-zero-decimal": ("value_eur", "0250000.50", 6, "'0250000.50' begint met een 0; schrijf 250000.50"),
    "words": ("value_eur", "2,4 miljoen", 6, "'2,4 miljoen' is geen bedrag"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_number_yaml_11_would_misread_is_refused_with_the_fix(case: str, tmp_path: Path) -> None:
    field, written, line, expected = REFUSED[case]
    path = with_value(tmp_path, field, written)
    result = run_cli("calc", path)
    assert result.exit_code == 2, result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: {path}:{line}: "), lines[0]
    assert expected in lines[0], lines[0]


@pytest.mark.parametrize(
    ("written", "amount"),
    [("2400000", "2400000"), ("2400000.10", "2400000.10"), ("2400000.1", "2400000.1"), ('"2400000.10"', "2400000.10"),
     ("2400000.00", "2400000.00"), ("1.5e+6", "1.5E+6")],
)  # fmt: skip
def test_a_decimal_number_is_read_exactly_from_its_text(written: str, amount: str, tmp_path: Path) -> None:
    prepared = prepare(with_value(tmp_path, "value_eur", written))
    assert prepared.tender.value_eur == Decimal(amount)
    assert str(prepared.tender.value_eur) == amount


def test_lot_ids_with_a_leading_zero_stay_text(tmp_path: Path) -> None:
    path = write(tmp_path, TENDER.split("value_eur:")[0] + LOTS)
    prepared = prepare(path)
    assert [lot.id for lot in prepared.tender.lots] == ["010", "011"]
    result = run_cli("calc", path, "--json")
    assert [lot["id"] for lot in json.loads(result.stdout)["lots"]] == ["010", "011"]


def test_the_form_and_the_file_read_the_same_text_the_same_way() -> None:
    for text in ("250000", "250000.50", "250000,50", "€ 250000", "0"):
        assert parse_amount(text) == read_amount(text)
    for text in ("0250000", "1_000", "40:00:00", "250000.505", "veel"):
        assert parse_amount(text) == text  # left to the model, which refuses it as for a file
        with pytest.raises(ValueError):
            read_amount(text)
    # the form's amount fields show Dutch thousands dots, so there they are thousands: never 900
    assert parse_amount("900.000") == Decimal(900000)
    with pytest.raises(ValueError, match="bedoelt u 900000"):
        read_amount("900.000")
    assert parse_int("048") == "048" and parse_int("48") == 48


def test_the_web_form_refuses_a_leading_zero_as_the_file_does() -> None:
    from test_web import EXAMPLE, form_for

    from clausegen.web.app import create_app

    client = browser_client(create_app(None))
    response = client.post("/api/plan", data=dict(form_for(EXAMPLE), duration_months="048"))
    assert response.status_code == 422
    assert response.get_json()["errors"]["duration_months"]


# ---------------------------------------------------------------------------------- the schema


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema("tender"))


@pytest.mark.parametrize("good", [2400000, 2400000.5, 2400000.25, "2400000", "2400000.10", "0.50"])
def test_the_schema_accepts_what_clausegen_accepts(good: object) -> None:
    data = {"reference": "K", "title": "T", "contracting_authority": "A", "category": "schoonmaak",
            "contract_type": "overeenkomst", "value_eur": good, "duration_months": 48,
            "publication_date": "2026-12-01"}  # fmt: skip
    assert list(validator().iter_errors(data)) == []


@pytest.mark.parametrize("bad", ["900.000", "1.500.000", "0250000", "1_000", "40:00:00", "2400000.123", 0, -5, True])
def test_the_schema_flags_what_clausegen_refuses(bad: object) -> None:
    data = {"reference": "K", "title": "T", "contracting_authority": "A", "category": "schoonmaak",
            "contract_type": "overeenkomst", "value_eur": bad, "duration_months": 48,
            "publication_date": "2026-12-01"}  # fmt: skip
    assert list(validator().iter_errors(data)) != []


# ---------------------------------------------------------------------------------- characters


@pytest.mark.parametrize("char", ["\\u0007", "\\u001b", "\\u0000", "\\ue000", "\\ue001", "\\u0085", "\\ufffe"])
@pytest.mark.parametrize("field", ["title", "contracting_authority", "lot-title"])
def test_no_input_text_may_hold_a_control_character_or_a_marker(char: str, field: str, tmp_path: Path) -> None:
    if field == "lot-title":
        text = TENDER.split("value_eur:")[0] + LOTS.replace("title: Zuid", f'title: "Zu{char}id"')
        line = 14
    else:
        lines = TENDER.splitlines()
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{field}:"))
        lines[index] = f'{field}: "Voor{char}beeld"'
        text, line = "\n".join(lines) + "\n", index + 1
    path = write(tmp_path, text)
    result = run_cli("generate", path, "-o", tmp_path / "out")
    assert result.exit_code == 2
    lines_out = result.stderr.splitlines()
    assert len(lines_out) == 1, result.stderr
    assert lines_out[0].startswith(f"Error: {path}:{line}: "), lines_out[0]
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_library_label_with_a_marker_is_refused(tmp_path: Path) -> None:
    from test_sandbox import make_library

    lib, _ = make_library(tmp_path, "Tekst.")
    groups = next((lib / "profiles" / "target-groups").glob("*.yaml"))
    text = groups.read_text(encoding="utf-8")
    first_label = next(line for line in text.splitlines() if "label:" in line)
    groups.write_text(text.replace(first_label, first_label.split("label:")[0] + 'label: "X\\ue000T"', 1))
    result = run_cli("check", "--library", lib)
    assert result.exit_code in (1, 2)
    assert "U+E000" in result.stdout + result.stderr


def test_terminal_escapes_are_shown_escaped_in_every_message(tmp_path: Path) -> None:
    path = write(tmp_path, TENDER + '"\\e[31mrood": 1\n')
    result = run_cli("calc", path)
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert "\\x1b[31mrood" in result.stderr
    error = ClausegenError("fout\x07\nregel\u202e", path="a\x1bb")
    assert str(error) == "a\\x1bb: fout\\x07\\nregel\\u202e"


def test_a_fout_text_with_escapes_reaches_the_terminal_escaped(tmp_path: Path) -> None:
    from test_sandbox import TENDER as SANDBOX_TENDER
    from test_sandbox import make_library

    lib, _ = make_library(tmp_path, "{{ fout('stop \\x1b]0;titel\\x07 hier') }}")
    path = write(tmp_path, SANDBOX_TENDER)
    result = run_cli("generate", path, "-o", tmp_path / "out", "--library", lib)
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "stop \\x1b]0;titel\\x07 hier" in result.stderr


def test_a_float_from_python_is_read_from_its_shortest_text_or_refused() -> None:
    from clausegen.model import TenderLot

    assert TenderLot(id="1", title="T", value_eur=2400000.5).value_eur == Decimal("2400000.5")
    with pytest.raises(ValueError, match="meer dan twee decimalen"):
        TenderLot(id="1", title="T", value_eur=0.1 + 0.2)
