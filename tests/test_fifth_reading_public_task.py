"""The statutory task behind art. 6(1)(e) AVG (lawyer5 MINOR-11): art. 2.80 Aw 2012 permits
execution conditions but assigns no task, so the privacy article and the memo name the statute of
the authority's own financial management, by kind of authority, where the kind is known."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from conftest import EXAMPLES, FIXTURES, docx_text, run_cli

VIJFDE = FIXTURES / "vijfde-lezing"
TASK = "de wettelijke taak van de Opdrachtgever om rechtmatig en doelmatig met publiek geld om te gaan"
CONTROL = (
    "en daartoe de nakoming te controleren van de bijzondere uitvoeringsvoorwaarden die hij op grond van "
    "artikel 2.80 Aanbestedingswet 2012 aan zijn overeenkomsten verbindt."
)


def _plain(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text.replace("\u00a0", " "))


def _annex(tender: Path, out: Path) -> str:
    result = run_cli("generate", tender, "-o", out)
    assert result.exit_code == 0, result.output
    return _plain(docx_text(next(out.glob("*-bijlage-social-return.docx"))))


def _with_authority(tmp_path: Path, name: str) -> Path:
    data = yaml.safe_load((VIJFDE / "cat.yaml").read_text(encoding="utf-8"))
    data["contracting_authority"] = name
    path = tmp_path / "tender.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _statute(statute: str) -> str:
    return f"in samenhang met {TASK} ({statute}, in het bijzonder de regels over het financieel beheer) {CONTROL}"


def test_a_province_gets_the_provinciewet_in_annex_contract_and_memo(tmp_path: Path) -> None:
    expected = _statute("de Provinciewet")
    assert expected in _annex(VIJFDE / "cat.yaml", tmp_path / "out")
    result = run_cli("contract", VIJFDE / "cat.yaml", VIJFDE / "cat-gunning.yaml", "-o", tmp_path / "c")
    assert result.exit_code == 0, result.output
    contract = _plain(docx_text(tmp_path / "c" / "2027-0815-A" / "2027-0815-A-overeenkomst-social-return.docx"))
    assert expected in contract
    memo = tmp_path / "memo.docx"
    assert run_cli("explain", VIJFDE / "cat.yaml", "--memo", "-o", memo).exit_code == 0
    text = _plain(docx_text(memo))
    # the memo quotes the basis in its own lower case (thirteenth reading E TAAL-3)
    lower = expected.removeprefix("in samenhang met ").replace("de Opdrachtgever", "de opdrachtgever")
    assert "AVG, in samenhang met " + lower in text


def test_each_kind_of_authority_gets_its_own_statute(tmp_path: Path) -> None:
    for name, statute in (
        ("Gemeente Zwolle", "de Gemeentewet"),
        ("Waterschap Vallei en Veluwe", "de Waterschapswet"),
        ("Hoogheemraadschap van Rijnland", "de Waterschapswet"),
        ("Ministerie van Voorbeeldzaken", "de Comptabiliteitswet 2016"),  # a ministry contracts as the State
    ):
        folder = tmp_path / statute.replace(" ", "-") / name.split()[0]
        folder.mkdir(parents=True)
        assert _statute(statute) in _annex(_with_authority(folder, name), folder / "out"), name


def test_an_authority_of_unknown_kind_keeps_the_general_text_and_explain_asks(tmp_path: Path) -> None:
    tender = _with_authority(tmp_path, "Rijkswaterstaat Voorbeeldregio")
    text = _annex(tender, tmp_path / "out")
    assert f"in samenhang met {TASK} {CONTROL}" in text
    assert "in het bijzonder de regels over het financieel beheer" not in text
    result = run_cli("explain", tender)
    assert "grondslag publieke taak ontbreekt (artikel 6 lid 3 AVG)" in result.output


def test_the_tender_field_still_wins(tmp_path: Path) -> None:
    source = (EXAMPLES / "schoonmaak-den-haag.yaml").read_text(encoding="utf-8")
    basis = "de taak van de minister op grond van de Comptabiliteitswet 2016"
    tender = tmp_path / "tender.yaml"
    tender.write_text(source.rstrip("\n") + f"\npublic_task_basis: {basis}\n", encoding="utf-8")
    text = _annex(tender, tmp_path / "out")
    assert f"lid 3 AVG), in samenhang met {basis}." in text
    assert "in het bijzonder de regels over het financieel beheer" not in text


def test_a_profile_can_name_another_statute(tmp_path: Path) -> None:
    from test_category_risk import _library

    library = _library(tmp_path)
    profile = library / "profiles" / "catering.yaml"
    text = profile.read_text(encoding="utf-8").replace(
        "\nsettings:\n",
        "\nsettings:\n  public_task_statutes:\n    provincie: de Provinciewet en de Financiële verordening\n",
        1,
    )
    profile.write_text(text, encoding="utf-8")
    result = run_cli("generate", VIJFDE / "cat.yaml", "-o", tmp_path / "out", "--library", library)
    assert result.exit_code == 0, result.output
    annex = _plain(docx_text(next((tmp_path / "out").glob("*-bijlage-social-return.docx"))))
    assert _statute("de Provinciewet en de Financiële verordening") in annex


def test_explain_warns_only_where_the_documents_fall_back_to_the_general_text(tmp_path: Path) -> None:
    """lawyer6 MINOR-8: a province's annex names the Provinciewet, so `explain` does not ask for
    `public_task_basis`; an agency's annex has the general text alone, so it asks, in text and JSON."""
    missing = "grondslag publieke taak ontbreekt (artikel 6 lid 3 AVG)"
    named = run_cli("explain", VIJFDE / "cat.yaml")
    assert named.exit_code == 0, named.output
    assert missing not in named.output
    assert not [
        w for w in json.loads(run_cli("explain", VIJFDE / "cat.yaml", "--json").stdout)["warnings"] if missing in w
    ]
    agency = _with_authority(tmp_path, "Rijkswaterstaat Voorbeeldregio")
    assert f"in samenhang met {TASK} {CONTROL}" in _annex(agency, tmp_path / "out")
    assert missing in run_cli("explain", agency).output
    assert [w for w in json.loads(run_cli("explain", agency, "--json").stdout)["warnings"] if missing in w]


def test_contract_asks_for_the_statute_too_where_the_annex_falls_back(tmp_path: Path) -> None:
    # lawyer7 MINOR-7: the signed contract annex goes out, so `contract` warns as `explain` does
    unknown = run_cli("contract", _with_authority(tmp_path, "Rijkswaterstaat Voorbeeldregio"),
                      VIJFDE / "cat-gunning.yaml", "-o", tmp_path / "c")  # fmt: skip
    assert unknown.exit_code == 0, unknown.output
    assert (
        "Waarschuwing: contract 2027-0815-A: grondslag publieke taak ontbreekt (artikel 6 lid 3 AVG)" in unknown.stderr
    )
    province = run_cli("contract", VIJFDE / "cat.yaml", VIJFDE / "cat-gunning.yaml", "-o", tmp_path / "p")
    assert province.exit_code == 0 and "grondslag publieke taak" not in province.stderr
