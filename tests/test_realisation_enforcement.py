"""The realisation letter and workbook follow the contract's own enforcement procedure (lawyer's
second reading M-8 and m-20, third reading B-1, B-2, M-3 and n-14): the Hersteltermijn starts with
the written melding, the tekort and boete are indicative, the interim test is the contract's
threshold, the PSO credit and a framework holder's real call-off value count, a work's Looptijd
runs to its oplevering, and an effort-only contract gets a voluntary workbook. Contracts are
written by `clausegen contract` from the lawyers' own tenders; letters and workbooks are read back."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import docx_text, run_cli
from contract_builder import SURPLUS_ON_LOT_2, contract_folder, two_lot_manifest, write_csv

import clausegen

D = datetime.date
FIXTURES = Path(__file__).resolve().parent / "fixtures"
NBSP = "\u00a0"


def _contracts(root: Path, folder: str, name: str) -> Path:
    out = root / name
    tender, award = FIXTURES / folder / f"{name}.yaml", FIXTURES / folder / f"{name}-gunning.yaml"
    result = run_cli("contract", tender, award, "-o", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("contracten")
    return {
        "bouw": _contracts(root, "tweede-lezing", "bouw") / "2027-0801-P1",
        "groen": _contracts(root, "derde-lezing", "groen") / "GZW-2027-014-01",
        "raam": _contracts(root, "derde-lezing", "raam") / "RVB-2027-FM3-H1",
        "levering": _contracts(root, "derde-lezing", "levering") / "GZW-2027-031-01",
        "werk": _contracts(root, "derde-lezing", "werk-hele-doelgroep") / "PNZ-2027-W07-A",
    }


def _article(folder: Path, clause_id: str) -> int:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    number: int = manifest["valuation"]["articles"][clause_id]["article"]
    return number


def _text(path: Path) -> str:
    return docx_text(path).replace(NBSP, " ")


def _letter(folder: Path, report: Path, out: Path, *options: str) -> str:
    result = run_cli("realisatie", folder, report, "-o", out, *options)
    assert result.exit_code == 0, result.output + result.stderr
    return _text(out)


def _json(folder: Path, report: Path, *options: str) -> dict:
    result = run_cli("realisatie", folder, report, "--json", *options)
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


BOUW_ROWS = [
    ("1", "K-1", "leerwerkplek-bbl", 36, D(2027, 10, 1), D(2028, 9, 30), "", "", "BBL grondwerk"),
    ("1", "K-2", "plaatsing-a", 36, D(2030, 1, 1), D(2030, 8, 31), "", "", "verkeersregelaar"),
]


def test_during_the_term_the_only_test_is_the_contracts_interim_threshold(written: dict, tmp_path: Path) -> None:
    folder = written["bouw"]
    half_time = [("1", "K-1", "leerwerkplek-bbl", 18, D(2027, 10, 1), D(2028, 9, 30), "", "", "BBL grondwerk")]
    report = write_csv(tmp_path / "bouw.csv", half_time)
    text = _letter(folder, report, tmp_path / "tussentijds.docx", "--peildatum", "2028-09-30")
    # 310.000 x 396/912 days (1 September 2027 to 28 February 2030) = 134.605,26; the bouw profile's
    # interim test is 25 % of it, 33.651,32; a half-time BBL year is 35.000 / 2 = 17.500.
    data = _json(folder, report, "--peildatum", "2028-09-30")
    assert data["phase"] == "looptijd" and data["expected_eur"] == "134605.26"
    assert data["interim_threshold_eur"] == "33651.32"
    assert data["realised_eur"] == "17500.00" and data["shortfall_eur"] == "16151.32"
    evaluation = _article(folder, "monitoring.evaluatie")
    assert "Toets (25%)" in text and "€ 33.651,32" in text and "€ 16.151,32" in text
    assert f"onder de tussentijdse toets van artikel {evaluation}: 25% van het lineaire verwachte pad" in text
    assert "Een achterstand bij deze toets is geen tekortkoming" in text
    assert "Aannemer\nBouwcombinatie Zuidkanaal V.O.F." in text  # the works' party word
    assert "De Aannemer legt dan schriftelijk vast welke maatregelen hij neemt" in text
    assert "de cijfers gaan uit van de geplande einddatum 28 februari 2030" in text
    assert "korting" not in text.lower()


def test_after_the_term_without_a_melding_the_hersteltermijn_has_not_started(written: dict, tmp_path: Path) -> None:
    folder = written["bouw"]
    report = write_csv(tmp_path / "bouw.csv", BOUW_ROWS)
    text = _letter(folder, report, tmp_path / "eind.docx", "--peildatum", "2031-06-01", "--oplevering", "2030-03-31")
    sanction = _article(folder, "monitoring.sancties")
    assert (
        "Hersteltermijn\nnog niet aangevangen (begint met de schriftelijke melding van een tekort na de eindrapportage)"
        in text
    )
    assert (
        "Dat is een indicatief tekort; een boete (artikel 6:91 BW) volgt pas na melding, Hersteltermijn, voornemen "
        f"en beslissing volgens artikel {sanction}."
    ) in text
    assert "Looptijd\n1 september 2027 tot en met de oplevering op 31 maart 2030" in text
    assert "Indicatieve boete" in text and "korting" not in text.lower() and "Einde Hersteltermijn" not in text
    data = _json(folder, report, "--peildatum", "2031-06-01", "--oplevering", "2030-03-31")
    # K-2 counts January-March 2030 (to the oplevering): 40.000 x 3/12 = 10.000; the rest falls outside.
    assert data["realised_eur"] == "45000.00" and data["shortfall_eur"] == "265000.00"
    assert data["charge_eur"] is None and data["recovery_end"] is None and data["end_date"] == "2030-03-31"


def test_the_melding_starts_the_hersteltermijn_and_work_in_it_counts(written: dict, tmp_path: Path) -> None:
    folder = written["bouw"]
    report = write_csv(tmp_path / "bouw.csv", BOUW_ROWS)
    options = ("--peildatum", "2030-10-01", "--oplevering", "2030-03-31", "--melding", "2030-06-15")
    data = _json(folder, report, *options)
    assert (data["melding"], data["recovery_start"], data["recovery_end"]) == ("2030-06-15", "2030-06-16", "2030-09-15")
    # K-2 (to 31 August): January-March 2030 in the Looptijd, 16 June-31 August in the
    # Hersteltermijn: 3 + 15/30 + 1 + 1 = 5,5 months, 40.000 x 5,5/12 = 18.333,33.
    row = next(r for r in data["rows"] if r["row"] == 3)
    assert row["value_eur"] == "18333.33"
    assert row["reason"] == "alleen het deel binnen de looptijd of de Hersteltermijn telt"
    assert data["phase"] == "na-hersteltermijn" and data["charge_eur"] == "256666.67"  # 310.000 - 53.333,33
    text = _letter(folder, report, tmp_path / "na-herstel.docx", *options)
    assert "Hersteltermijn\n3 maanden na de melding van 15 juni 2030: 16 juni 2030 tot en met 15 september 2030" in text
    # after the expired Hersteltermijn the letter is the voornemen: the boete is the voorgenomen one
    assert "Deze brief is het voornemen" in text
    assert "de voorgenomen boete is € 256.666,67 (100% van het tekort)" in text
    assert "de indicatieve boete is" not in text
    # A work needs its oplevering before a Hersteltermijn; a melding must follow the end of the term.
    refused = run_cli("realisatie", folder, report, "--melding", "2030-06-15")
    assert refused.exit_code == 2 and "--oplevering" in refused.stderr
    early = run_cli("realisatie", folder, report, "--oplevering", "2030-03-31", "--melding", "2030-03-01")
    assert early.exit_code == 2 and "ligt niet na het einde van de looptijd (31 maart 2030)" in early.stderr
    bad = run_cli("realisatie", folder, report, "--oplevering", "2030-03-31", "--melding", "15-6-2030")
    assert bad.exit_code == 2 and "melding '15-6-2030' is geen datum" in bad.stderr


def test_the_works_workbook_names_the_aannemer_and_the_hersteltermijn_after_the_melding(written: dict) -> None:
    folder = written["bouw"]
    workbook = openpyxl.load_workbook(folder / "2027-0801-P1-verantwoording.xlsx")
    facts = {
        row[0]: str(row[1]).replace(NBSP, " ")
        for row in workbook["Verplichting"].iter_rows(min_row=3, max_row=9, values_only=True)
    }
    assert facts["Aannemer"] == "Bouwcombinatie Zuidkanaal V.O.F." and "Opdrachtnemer" not in facts
    assert facts["Hersteltermijn"] == "3 maanden na de schriftelijke melding van een tekort"
    assert facts["Looptijd"] == "1 september 2027 tot de oplevering van het werk (gepland: 28 februari 2030)"
    guide = "\n".join(str(c.value or "") for c in workbook["Toelichting"]["A"])
    assert "Aannemer: Bouwcombinatie Zuidkanaal V.O.F. Looptijd:" in guide and "V.O.F.." not in guide


def test_the_pso_credit_fills_its_share_pro_rata_before_the_shortfall(written: dict, tmp_path: Path) -> None:
    folder = written["groen"]
    report = write_csv(
        tmp_path / "groen.csv", [("1", "K-001", "plaatsing-a", 18, D(2027, 9, 1), D(2029, 8, 31), "", "", "")]
    )
    options = ("--peildatum", "2031-12-01", "--melding", "2031-08-15")
    data = _json(folder, report, *options)
    # 50 % x 60.000 x 15/48 months (1 July 2027 to 30 September 2028) = 9.375,00;
    # 40.000 realised, so the tekort is 60.000 - 9.375 - 40.000 = 10.625,00, not 20.000.
    assert data["pso_eur"] == "9375.00" and data["realised_eur"] == "40000.00"
    assert data["shortfall_eur"] == "10625.00" and data["charge_eur"] == "10625.00"
    text = _letter(folder, report, tmp_path / "groen.docx", *options)
    pso = _article(folder, "buy-social.pso")
    assert (
        f"Ingevuld door het PSO-certificaat (trede 2, geldig tot en met 30 september 2028), volgens artikel {pso}"
        in text
    )
    assert (  # lawyer's fourth reading, MAJOR-2: what contributions must still fill, after what is realised
        "Met bijdragen in te vullen over de hele looptijd: € 50.625,00 (de verplichting min het deel dat het "
        "PSO-certificaat invult). Daarvan is op de peildatum € 40.000,00 gerealiseerd; er resteert met bijdragen "
        "€ 10.625,00."  # a final letter: no "onder voorbehoud van de eindrapportage" (eleventh reading A MINOR-6)
    ) in text.replace("\u00a0", " ")
    assert "Nog in te vullen met bijdragen" not in text and "PSO-certificaat\nIngevuld" in text
    workbook = openpyxl.load_workbook(folder / "GZW-2027-014-01-verantwoording.xlsx")
    facts = {row[0].value: row[1] for row in workbook["Verplichting"].iter_rows(min_row=3, max_row=10)}
    pso_cell = facts["Ingevuld door PSO-certificaat (indicatief, zolang het geldig is)"]
    # a number in euro format, so that the percentage column can add it (ninth reading A MINOR-6)
    assert Decimal(str(pso_cell.value)) == Decimal("9375.00") and pso_cell.number_format == "#,##0.00"


def test_a_surplus_on_one_lot_fills_a_shortfall_on_another_in_exact_figures(tmp_path: Path) -> None:
    folder = contract_folder(tmp_path / "out", two_lot_manifest())
    report = write_csv(tmp_path / "eind.csv", SURPLUS_ON_LOT_2)
    data = _json(folder, report, "--peildatum", "2031-09-01", "--melding", "2031-05-01")
    lots = {lot["id"]: lot for lot in data["lots"]}
    # Lot 1: 40.000 x (17 + 15/30)/12 = 58.333,33 against 75.000: 16.666,67 short. Lot 2: 50.000 +
    # 1.234,56 = 51.234,56 against 45.000: 6.234,56 over, which fills lot 1 to 10.432,11.
    assert lots["1"]["realised_eur"] == "58333.33" and lots["2"]["realised_eur"] == "51234.56"
    assert lots["1"]["shortfall_eur"] == "10432.11" and lots["2"]["shortfall_eur"] == "0.00"
    assert data["shortfall_eur"] == "10432.11" and data["charge_eur"] == "10432.11"
    text = _letter(folder, report, tmp_path / "brief.docx", "--peildatum", "2031-09-01", "--melding", "2031-05-01")
    assert "vermindert een overschot op het ene perceel een tekort op een ander perceel" in text
    assert "vult een tekort op een ander perceel niet aan" not in text


def test_a_framework_holder_owes_the_percentage_of_its_real_call_offs(written: dict, tmp_path: Path) -> None:
    folder = written["raam"]
    rows = [
        ("", "K-01", "plaatsing-a", 36, D(2027, 11, 1), D(2029, 10, 31), "", "", ""),
        ("", "", "inkoop-sociaal", "", D(2029, 1, 15), D(2029, 1, 15), "", "30000", ""),
    ]
    report = write_csv(tmp_path / "raam.csv", rows)
    unknown = _json(folder, report, "--peildatum", "2032-02-01")
    assert unknown["obligation_fixed"] is False and unknown["phase"] == "niet-vast"
    assert unknown["obligation_eur"] == "260000.00"
    assert unknown["shortfall_eur"] is None and unknown["charge_eur"] is None
    text = _letter(folder, report, tmp_path / "raam.docx", "--peildatum", "2032-02-01")
    assert (
        "het bedrag van € 260.000,00 is een raming over het Indicatief aandeel. Er is geen tekort of boete berekend."
        in text
    )
    # 6,5 % of € 3.000.000 of call-offs = 195.000; realised 80.000 + 30.000 = 110.000.
    known = _json(folder, report, "--peildatum", "2032-02-01", "--afroepwaarde", "3000000")
    assert known["obligation_eur"] == "195000.00" and known["shortfall_eur"] == "85000.00"
    assert known["phase"] == "na-looptijd" and known["charge_eur"] is None
    through_api = clausegen.realisatie(folder, report, "2032-02-01", call_off={"": "3000000"})
    assert str(through_api.obligation_eur) == "195000.00"
    workbook = openpyxl.load_workbook(folder / "RVB-2027-FM3-H1-verantwoording.xlsx")
    facts = {
        row[0]: str(row[1]).replace(NBSP, " ")
        for row in workbook["Verplichting"].iter_rows(min_row=3, max_row=9, values_only=True)
    }
    assert facts["Social-returnverplichting"] == (
        "€ 260.000,00 (raming over het Indicatief aandeel); verschuldigd is 6,5% (toegezegd in het Plan van aanpak) van "
        "de werkelijke waarde van uw Nadere overeenkomsten"
    )
    refused = run_cli("realisatie", written["groen"], report, "--afroepwaarde", "3000000")
    assert refused.exit_code == 2 and "geldt alleen voor een raamovereenkomst waarvan de verplichting" in refused.stderr
    bad = run_cli("realisatie", folder, report, "--afroepwaarde", "3.000.000")
    assert bad.exit_code == 2 and "is geen bedrag" in bad.stderr


def test_an_effort_only_contract_gets_a_voluntary_workbook_and_letter(written: dict, tmp_path: Path) -> None:
    folder = written["levering"]
    workbook = openpyxl.load_workbook(folder / "GZW-2027-031-01-verantwoording.xlsx")
    guide = "\n".join(str(c.value or "") for c in workbook["Toelichting"]["A"])
    assert guide.startswith("Vrijwillige inzet social return – contract GZW-2027-031-01")
    assert (
        "Vrijwillige inzet (geen verplichting, geen Hersteltermijn, geen sanctie); invullen is niet verplicht." in guide
    )
    sheet = workbook["Verplichting"]
    facts = {row[0]: str(row[1]).replace(NBSP, " ") for row in sheet.iter_rows(min_row=3, max_row=8, values_only=True)}
    assert sheet["A1"].value == "Vrijwillige inzet social return" and "Hersteltermijn" not in facts
    assert facts["Social-returnverplichting"] == "geen (vrijwillige inzet)"
    report = write_csv(
        tmp_path / "vrijwillig.csv", [("", "K-1", "plaatsing-a", 18, D(2027, 9, 1), D(2028, 2, 29), "", "", "")]
    )
    text = _letter(folder, report, tmp_path / "vrijwillig.docx", "--peildatum", "2028-09-01")
    assert "Dit contract heeft geen Social-returnverplichting. De inzet is vrijwillig" in text
    assert "Hersteltermijn" not in text.replace("geen Hersteltermijn", "")
    refused = run_cli("realisatie", folder, report, "--melding", "2028-09-01")
    assert refused.exit_code == 2 and "geen Social-returnverplichting" in refused.stderr


def test_the_realisation_messages_come_from_the_catalog(tmp_path: Path) -> None:
    folder = contract_folder(tmp_path / "out")
    report = write_csv(tmp_path / "leeg.csv", [])
    dutch = run_cli("realisatie", folder, report, "--melding", "15-5-2031")
    assert dutch.exit_code == 2
    assert "melding '15-5-2031' is geen datum (schrijf JJJJ-MM-DD, zoals 2030-08-15)" in dutch.stderr
    english = run_cli("--lang", "en", "realisatie", folder, report, "--melding", "15-5-2031")
    assert english.exit_code == 2 and "melding '15-5-2031' is not a date (write YYYY-MM-DD" in english.stderr
    missing = run_cli("--lang", "en", "realisatie", tmp_path / "nergens", report)
    assert missing.exit_code == 2 and "no manifest.json found (give the contract folder;" in missing.stderr
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    del data["valuation"]["start_date"]
    (folder / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    broken = run_cli("realisatie", folder, report)
    assert (
        broken.exit_code == 2
        and "manifest.json: valuation.start_date ontbreekt (gebruik de manifest.json" in broken.stderr
    )


def test_a_renewed_pso_certificate_counts_from_the_day_the_buyer_received_it(written: dict, tmp_path: Path) -> None:
    folder = written["groen"]
    report = write_csv(
        tmp_path / "groen.csv", [("1", "K-001", "plaatsing-a", 18, D(2027, 9, 1), D(2029, 8, 31), "", "", "")]
    )
    options = ("--peildatum", "2031-12-01", "--pso-vernieuwd", "2028-12-01:2031-06-30")
    data = _json(folder, report, *options)
    # Valid 1 July 2027-30 September 2028 (15 months) and, renewed, 1 December 2028-30 June 2031
    # (31 months): 50 % x 60.000 x 46/48 = 28.750,00; October and November 2028 fill nothing.
    assert data["pso_eur"] == "28750.00" and data["shortfall_eur"] == "0.00"
    text = _letter(folder, report, tmp_path / "vernieuwd.docx", *options)
    assert "Een vernieuwd PSO-certificaat, door de Opdrachtgever ontvangen op 1 december 2028" in text
    bad = run_cli("realisatie", folder, report, "--pso-vernieuwd", "1-12-2028")
    assert bad.exit_code == 2 and "schrijf ONTVANGEN:GELDIG_TOT" in bad.stderr
    order = run_cli("realisatie", folder, report, "--pso-vernieuwd", "2028-12-01:2028-06-30")
    assert order.exit_code == 2 and "de einddatum ligt voor de ontvangst" in order.stderr
    none = run_cli("realisatie", written["raam"], report, "--pso-vernieuwd", "2028-12-01:2031-06-30")
    assert none.exit_code == 2 and "rekent geen PSO-certificaat mee" in none.stderr


def test_a_bouwtijd_extension_counts_up_to_the_real_oplevering(written: dict, tmp_path: Path) -> None:
    folder = written["werk"]
    rows = [("", "K-2", "plaatsing-a", 36, D(2029, 6, 1), D(2030, 3, 31), "", "", "verkeersregelaar")]
    report = write_csv(tmp_path / "werk.csv", rows)
    planned = _json(folder, report, "--peildatum", "2030-06-01")
    # The planned end is 31 October 2029: June-October 2029 count, 40.000 x 5/12 = 16.666,67.
    assert planned["rows"][0]["value_eur"] == "16666.67" and planned["end_date"] == "2029-10-31"
    assert planned["rows"][0]["reason"] == "alleen het deel binnen de looptijd telt"
    real = _json(folder, report, "--peildatum", "2030-06-01", "--oplevering", "2030-03-31")
    assert real["rows"][0]["value_eur"] == "33333.33" and real["rows"][0]["reason"] == ""  # 10 months
    assert real["oplevering"] == "2030-03-31" and real["planned_end_date"] == "2029-10-31"
    services = run_cli("realisatie", written["groen"], report, "--oplevering", "2031-06-30")
    assert services.exit_code == 2 and "--oplevering geldt alleen voor een werk" in services.stderr
