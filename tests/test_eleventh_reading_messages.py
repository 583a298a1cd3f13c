"""The eleventh reading's findings on messages and the memo (docs/juridische-toets-elfde-lezing.md),
replayed on the readers' own inputs (tests/fixtures/elfde-lezing): reader B's TAAL-1 and MINOR-1,
reader A's TAAL-1, MINOR-8 and MINOR-9."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLES, FIXTURES, copy_library, docx_text, run_cli

ELFDE = FIXTURES / "elfde-lezing"
INHUUR = FIXTURES / "announced-holders" / "inhuur.yaml"
NBSP = "\u00a0"


def _plain(text: str) -> str:
    """Amounts carry a no-break space between € and the figure; the tests write a plain one."""
    return text.replace(NBSP, " ")


# B TAAL-1: "aan 1 Opdrachtnemers gegund"


def test_a_lot_awarded_to_one_holder_says_opdrachtnemer_in_the_singular(tmp_path: Path) -> None:
    result = run_cli("contract", ELFDE / "bt1.yaml", ELFDE / "bt1-een-houder-gunning.yaml", "-o", tmp_path)
    assert result.exit_code == 0, result.output + result.stderr
    one = (
        "Waarschuwing: contract PGLD-2027-017-01: perceel 1 is aan 1 Opdrachtnemer gegund, de aanbesteding "
        "noemde er 3; het Indicatief aandeel blijft € 1.333.333,33, de Geraamde waarde van het perceel gedeeld "
        "door 3 zoals in de aanbesteding; de bijlage noemt de raming bij 1 Opdrachtnemer (€ 4.000.000,00) apart"
    )
    two = (
        "Waarschuwing: contract PGLD-2027-017-02: perceel 2 is aan 2 Opdrachtnemers gegund, de aanbesteding "
        "noemde er 3; het Indicatief aandeel blijft € 800.000,00, de Geraamde waarde van het perceel gedeeld "
        "door 3 zoals in de aanbesteding; de bijlage noemt de raming bij 2 Opdrachtnemers (€ 1.200.000,00) apart"
    )
    stderr = _plain(result.stderr)
    assert one in stderr
    assert two in stderr
    assert "1 Opdrachtnemers" not in stderr
    manifest = json.loads((tmp_path / "PGLD-2027-017-01" / "manifest.json").read_text(encoding="utf-8"))
    kept = _plain(json.dumps(manifest, ensure_ascii=False))
    assert "perceel 1 is aan 1 Opdrachtnemer gegund" in kept
    assert "1 Opdrachtnemers" not in kept


def test_a_framework_awarded_to_one_holder_says_opdrachtnemer_in_the_singular(tmp_path: Path) -> None:
    award = ELFDE / "inhuur-een-houder-gunning.yaml"
    result = run_cli("contract", INHUUR, award, "-o", tmp_path / "nl")
    assert result.exit_code == 0, result.output + result.stderr
    stderr = _plain(result.stderr)
    assert (
        "Waarschuwing: contract 2027-0415-A: de Raamovereenkomst is aan 1 Opdrachtnemer gegund, de aanbesteding "
        "noemde er 3; het Indicatief aandeel blijft € 2.000.000,00, de Geraamde waarde gedeeld door 3 zoals in de "
        "aanbesteding; de bijlage noemt de raming bij 1 Opdrachtnemer (€ 6.000.000,00) apart"
    ) in stderr
    assert "1 Opdrachtnemers" not in stderr
    english = run_cli("--lang", "en", "contract", INHUUR, award, "-o", tmp_path / "en")
    assert english.exit_code == 0, english.output + english.stderr
    assert "the framework agreement was awarded to 1 holder, the tender announced 3;" in english.stderr
    assert "the annex gives the estimate at 1 holder (€ 6.000.000,00) separately" in _plain(english.stderr)
    assert "1 holders" not in english.stderr


# B MINOR-1: `calc` showed "1" under "perceel" for a tender without lots


def test_calc_without_lots_says_hele_opdracht_not_lot_1() -> None:
    result = run_cli("calc", ELFDE / "bt2.yaml")
    assert result.exit_code == 0, result.output + result.stderr
    lines = _plain(result.stdout).splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("perceel"))
    assert lines[header].split()[:2] == ["perceel", "waarde"]
    row = lines[header + 2]
    assert row.startswith("hele opdracht  € 3.600.000,00       2          5%  € 180.000,00           4,5  ")
    assert not row.lstrip().startswith("1 ")
    assert lines[header + 3] == "totaal verplichting: € 180.000,00"
    # the JSON keeps its contract: the plan's one lot with its keys, "id" included
    plan = json.loads(run_cli("calc", ELFDE / "bt2.yaml", "--json").stdout)
    assert [lot["id"] for lot in plan["lots"]] == ["1"]
    assert plan["lots"][0]["obligation_eur"] == "180000.00"


def test_calc_with_lots_still_names_each_lot() -> None:
    result = run_cli("calc", ELFDE / "bt1.yaml")
    assert result.exit_code == 0, result.output + result.stderr
    rows = [line for line in _plain(result.stdout).splitlines() if line.lstrip().startswith(("1 ", "2 "))]
    assert [row.split()[0] for row in rows] == ["1", "2"]
    assert "hele opdracht" not in result.stdout


# A TAAL-1: "Niet gekozen: een plan van aanpak; deze schijf van het profiel noemt ze niet."


def _memo(tmp_path: Path, tender: Path, *options: str) -> str:
    out = tmp_path / f"{tender.stem}-memo.docx"
    result = run_cli("explain", tender, "--memo", "-o", out, *options)
    assert result.exit_code == 0, result.output + result.stderr
    return _plain(docx_text(out))


def test_the_memo_takes_up_one_instrument_not_chosen_with_its_own_pronoun(tmp_path: Path) -> None:
    text = _memo(tmp_path, ELFDE / "t2-beveiliging.yaml")  # reader A's T2: three lots, none with a plan of approach
    assert text.count("Niet gekozen: een plan van aanpak; deze schijf van het profiel noemt het niet.") == 3
    assert "noemt ze niet" not in text
    inhuur = _memo(tmp_path, EXAMPLES / "hoogwaardige-inhuur-raamovereenkomst.yaml")
    assert "Niet gekozen: de generieke maatregel; deze schijf van het profiel noemt die niet." in inhuur
    assert "noemt ze niet" not in inhuur


def test_the_memo_says_ze_for_several_instruments_not_chosen(tmp_path: Path) -> None:
    library = copy_library(tmp_path / "lib")
    profile = library / "profiles" / "ict.yaml"
    text = profile.read_text(encoding="utf-8")
    band = "    instruments: [generieke-maatregel, bouwblokken, buy-social]\n"
    assert text.count(band) == 1
    profile.write_text(text.replace(band, "    instruments: [generieke-maatregel, buy-social]\n"), encoding="utf-8")
    memo = _memo(tmp_path, ELFDE / "bt2.yaml", "--library", library)
    assert (
        "Niet gekozen: een plan van aanpak, de bouwblokken van de waardetabel; deze schijf van het profiel "
        "noemt ze niet."
    ) in memo
    assert "noemt het niet" not in memo


def test_every_band_instrument_has_its_pronoun() -> None:
    from clausegen.kinds import BAND_INSTRUMENTS
    from clausegen.publish.memo import _PRONOUNS

    assert set(_PRONOUNS) == set(BAND_INSTRUMENTS)


# A MINOR-8: advice on lots together in a higher band that could only be acted on after award


def test_the_memo_advises_on_lots_together_before_publication(tmp_path: Path) -> None:
    text = _memo(
        tmp_path, ELFDE / "t2-beveiliging.yaml"
    )  # three lots of € 1,25 mln, 0,8 mln and 0,6 mln: schijf 3 together
    assert (
        "Let op: de percelen 1, 2 en 3 samen (€ 2.650.000,00) vallen in schijf 3; per perceel is de schijf lager. "
        "Schijf 3 vraagt: de generieke maatregel, een plan van aanpak, de bouwblokken van de waardetabel, inkoop "
        "bij sociale ondernemingen (buy social) en social return als gunningscriterium. Overweeg vóór publicatie "
        "of de percelen samen schijf 3 moeten volgen (bijvoorbeeld één perceelsoverstijgend plan van aanpak als "
        "gunningscriterium); na de gunning kan de verplichting niet meer worden verzwaard (artikel 1.9 "
        "Aanbestedingswet 2012). Volgen zij die schijf niet, dan legt de aanbestedende dienst in het dossier vast "
        "waarom elk perceel op zijn eigen waarde is ingedeeld."
    ) in text
    assert "Worden zij aan één opdrachtnemer gegund" not in text
    assert "overweeg dan voor het geheel te vragen" not in text


# A MINOR-9: who represents a gemeente, provincie or waterschap


GEMEENTE_WARNING = (
    "represented_by 'het college van burgemeester en wethouders, namens dezen mr. P. de Wit, afdelingshoofd "
    "Inkoop' noemt niet de vertegenwoordiger van Gemeente Voorbeeldstad: de vertegenwoordiger van een gemeente "
    "is de burgemeester (artikel 171 Gemeentewet), ook als het college van burgemeester en wethouders tot de "
    "overeenkomst besluit; een ander tekent alleen met een volmacht van de burgemeester: vermeld die volmacht in "
    "represented_by vóór ondertekening, bijvoorbeeld '..., krachtens volmacht van de burgemeester'."
)
PROVINCIE_WARNING = (
    "represented_by 'Gedeputeerde Staten, namens dezen drs. K. Bakker, concerncontroller' noemt niet de "
    "vertegenwoordiger van Provincie Flevoland-Voorbeeld: de vertegenwoordiger van een provincie is de "
    "commissaris van de Koning (artikel 176 Provinciewet), ook als Gedeputeerde Staten tot de overeenkomst "
    "besluiten; een ander tekent alleen met een volmacht van de commissaris van de Koning: vermeld die volmacht "
    "in represented_by vóór ondertekening, bijvoorbeeld '..., krachtens volmacht van de commissaris van de Koning'."
)


def test_contract_warns_when_the_college_signs_for_a_gemeente(tmp_path: Path) -> None:
    result = run_cli("contract", ELFDE / "t2-beveiliging.yaml", ELFDE / "g2-beveiliging.yaml", "-o", tmp_path)
    assert result.exit_code == 0, result.output + result.stderr  # a warning, never a refusal
    stderr = _plain(result.stderr)
    for number in ("GVS-2027-BEV-A", "GVS-2027-BEV-B"):
        assert f"Waarschuwing: contract {number}: {GEMEENTE_WARNING}" in stderr
        manifest = json.loads((tmp_path / number / "manifest.json").read_text(encoding="utf-8"))
        assert f"contract {number}: {GEMEENTE_WARNING}" in [_plain(w) for w in manifest["warnings"]]
        assert (tmp_path / number / f"{number}-overeenkomst-social-return.docx").is_file()


def test_explain_warns_when_gedeputeerde_staten_sign_for_a_provincie(tmp_path: Path) -> None:
    result = run_cli("explain", ELFDE / "t3-schoonmaak-ro.yaml")
    assert result.exit_code == 0, result.output + result.stderr
    assert f"Waarschuwing partij: {PROVINCIE_WARNING}" in _plain(result.stdout)
    data = json.loads(run_cli("explain", ELFDE / "t3-schoonmaak-ro.yaml", "--json").stdout)
    assert f"Waarschuwing partij: {PROVINCIE_WARNING}" in [_plain(w) for w in data["warnings"]]
    contract = run_cli("contract", ELFDE / "t3-schoonmaak-ro.yaml", ELFDE / "g3-schoonmaak-ro.yaml", "-o", tmp_path)
    assert contract.exit_code == 0, contract.output + contract.stderr
    assert f"Waarschuwing: contract PFL-2027-RO-07-H1: {PROVINCIE_WARNING}" in _plain(contract.stderr)
    english = run_cli("--lang", "en", "explain", ELFDE / "t3-schoonmaak-ro.yaml")
    assert (
        "does not name the representative of Provincie Flevoland-Voorbeeld: a provincie is represented by the "
        "commissaris van de Koning (article 176 Provinciewet)"
    ) in english.stdout


def test_a_gedeputeerde_or_wethouder_also_needs_a_volmacht() -> None:
    provincie = run_cli("explain", ELFDE / "bt1.yaml").stdout
    assert "represented_by 'de gedeputeerde Bedrijfsvoering, drs. A. Hoekstra' noemt niet de vertegenwoordiger" in (
        provincie
    )
    gemeente = run_cli("explain", ELFDE / "bt2.yaml").stdout
    assert "represented_by 'de wethouder Financiën, mr. L. Smit' noemt niet de vertegenwoordiger van Gemeente " in (
        gemeente
    )


def _with_representative(tmp_path: Path, tender: Path, representative: str) -> Path:
    text = tender.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("  represented_by: "))
    changed = tmp_path / f"{tender.stem}-{len(list(tmp_path.glob('*.yaml')))}.yaml"
    changed.write_text(text.replace(line, f"  represented_by: {representative}"), encoding="utf-8")
    return changed


def test_no_warning_for_the_representative_by_law_or_a_volmacht(tmp_path: Path) -> None:
    cases = [
        (ELFDE / "t2-beveiliging.yaml", "mr. J. Jansen, burgemeester"),
        (ELFDE / "t2-beveiliging.yaml", "de burgemeester, namens deze de directeur Concerninkoop, drs. A. Yilmaz"),
        (ELFDE / "t2-beveiliging.yaml", "mr. P. de Wit, afdelingshoofd Inkoop, krachtens volmacht van de burgemeester"),
        (ELFDE / "t2-beveiliging.yaml", "mr. P. de Wit, gemachtigd door de burgemeester"),
        (ELFDE / "t3-schoonmaak-ro.yaml", "de commissaris van de Koning, drs. L. Verbeek"),
        (
            ELFDE / "t3-schoonmaak-ro.yaml",
            "drs. K. Bakker, concerncontroller, op grond van een volmacht van de commissaris",
        ),
    ]
    for tender, representative in cases:
        result = run_cli("explain", _with_representative(tmp_path, tender, representative))
        assert result.exit_code == 0, result.output + result.stderr
        assert "noemt niet de vertegenwoordiger" not in result.stdout, representative
    dijkgraaf = run_cli("explain", ELFDE / "t1-dijk.yaml")  # reader A's T1: "ir. A.M. Jansen-Bos, dijkgraaf"
    assert "noemt niet de vertegenwoordiger" not in dijkgraaf.stdout
    contract = run_cli("contract", ELFDE / "t1-dijk.yaml", ELFDE / "g1-dijk.yaml", "-o", tmp_path / "dijk")
    assert contract.exit_code == 0, contract.output + contract.stderr
    assert "noemt niet de vertegenwoordiger" not in contract.stderr


def test_a_waterschap_signed_for_by_its_secretaris_directeur_warns(tmp_path: Path) -> None:
    tender = _with_representative(tmp_path, ELFDE / "t1-dijk.yaml", "de secretaris-directeur, ir. M. Nijhuis")
    result = run_cli("explain", tender)
    assert result.exit_code == 0, result.output + result.stderr
    assert (
        "Waarschuwing partij: represented_by 'de secretaris-directeur, ir. M. Nijhuis' noemt niet de "
        "vertegenwoordiger van Waterschap Oostelijke Vecht: de vertegenwoordiger van een waterschap is de "
        "voorzitter, de dijkgraaf (artikel 95 Waterschapswet)"
    ) in result.stdout


def test_a_ministry_still_gets_its_own_warning_and_no_other() -> None:
    result = run_cli("explain", EXAMPLES / "schoonmaak-den-haag.yaml")
    assert "Waarschuwing partij: legal_entity ontbreekt" in result.stdout
    assert "noemt niet de vertegenwoordiger" not in result.stdout
