"""The counting rules with hand-computed values, through the public API (`value_report`,
`clausegen.realisatie`) and the CLI. The contract: lot 2 of examples/schoonmaak-den-haag.yaml,
€ 45.000,00 from 1 April 2027 to 31 March 2031 (1461 days), the standard value table (36 hours a
week), Doelgroep Banenafspraak and Participatiewet."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from conftest import run_cli
from contract_builder import contract_folder, manifest, no_lot_manifest, two_lot_manifest, write_csv

import clausegen
from clausegen.errors import ClausegenError
from clausegen.realisation import ReportRow, value_report

D = datetime.date
PEIL = D(2029, 4, 1)
FINAL = D(2031, 6, 1)
"""After the end of the term (31 March 2031): every row of the test has happened by then."""


def row(number: int, bouwblok: str, van: D | None, tot: D | None = None, uren: str | None = "36",
        kandidaat: str = "", toeslagen: tuple[str, ...] = (), bedrag: str | None = None,
        perceel: str = "2") -> ReportRow:  # fmt: skip
    return ReportRow(
        row=number, perceel=perceel, kandidaat=kandidaat, bouwblok=bouwblok,
        uren_per_week=Decimal(uren) if uren is not None else None, van=van, tot=tot, toeslagen=toeslagen,
        bedrag_eur=Decimal(bedrag) if bedrag is not None else None, toelichting="",
    )  # fmt: skip


def values(rows: list[ReportRow], data: dict | None = None, day: D = PEIL) -> dict[int, tuple[str, bool, str]]:
    result = value_report(data or manifest(), rows, day)
    return {r.row: (str(r.value_eur), r.counted, r.reason) for r in result.rows}


def test_half_time_for_half_a_year_is_a_quarter_of_the_block() -> None:
    # 40.000 x 18/36 x 6/12 = 10.000 (January to June: six whole calendar months)
    got = values([row(2, "participatiewet", D(2028, 1, 1), D(2028, 6, 30), "18", "K-001")])
    assert got[2] == ("10000.00", True, "")


def test_more_hours_than_full_time_count_as_full_time() -> None:
    got = values([row(2, "participatiewet", D(2028, 1, 1), D(2028, 12, 31), "40", "K-001")])
    assert got[2][0] == "40000.00"


def test_a_candidate_counts_for_at_most_24_months_over_all_rows() -> None:
    # One row of 36 months: only the first 24 count, 40.000 x 24/12 = 80.000.
    got = values([row(2, "participatiewet", D(2027, 4, 1), D(2030, 3, 31), kandidaat="K-002")])
    assert got[2][:2] == ("80000.00", True)
    assert "24 maanden" in got[2][2]
    # Two rows of 12 and 24 months for one candidate, reported out of order: the earlier row
    # counts in full (40.000), the later for the 12 months left (40.000), a third not at all.
    got = values(
        [
            row(5, "participatiewet", D(2028, 4, 1), D(2030, 3, 31), kandidaat="K-002"),
            row(3, "participatiewet", D(2027, 4, 1), D(2028, 3, 31), kandidaat="K-002"),
            row(7, "banenafspraak", D(2030, 4, 1), D(2030, 12, 31), kandidaat="K-002"),
        ],
        day=FINAL,
    )
    assert got[3] == ("40000.00", True, "")
    assert got[5][:2] == ("40000.00", True)
    assert got[7][:2] == ("0.00", False)
    assert "al 24 maanden" in got[7][2]
    # The cap follows the setting.
    got = values([row(2, "participatiewet", D(2027, 4, 1), D(2030, 3, 31), kandidaat="K-2")],
                 manifest(max_months_per_candidate=12))  # fmt: skip
    assert got[2][0] == "40000.00"


def test_overlapping_rows_of_one_candidate_count_once() -> None:
    # May-August: 50.000 x 4/12 = 16.666,67; July-October overlaps July-August, so only
    # September-October: 50.000 x 2/12 = 8.333,33; a row inside the first adds nothing.
    got = values(
        [
            row(2, "banenafspraak", D(2027, 5, 1), D(2027, 8, 31), kandidaat="K-003"),
            row(3, "banenafspraak", D(2027, 7, 1), D(2027, 10, 31), kandidaat="K-003"),
            row(4, "banenafspraak", D(2027, 6, 1), D(2027, 6, 30), kandidaat="k-003"),
            row(5, "banenafspraak", D(2027, 7, 1), D(2027, 10, 31), kandidaat="K-004"),
        ]
    )
    assert got[2] == ("16666.67", True, "")
    assert got[3][:2] == ("8333.33", True) and "overlap" in got[3][2]
    assert got[4][:2] == ("0.00", False) and "telt één keer" in got[4][2]
    assert got[5] == ("16666.67", True, "")  # another candidate: no overlap


def test_a_bonus_counts_on_a_placement_once_and_not_without_one() -> None:
    # participatiewet + 50+: (40.000 + 10.000) x 1 x 12/12 = 50.000; named twice, counted once.
    got = values(
        [
            row(2, "participatiewet", D(2028, 1, 1), D(2028, 12, 31), kandidaat="K-005",
                toeslagen=("bonus-50-plus", "bonus-50-plus")),
            row(3, "bonus-50-plus", D(2028, 1, 1), D(2028, 12, 31), kandidaat="K-006"),
            row(4, "inkoop-sociaal", D(2028, 2, 1), uren=None, bedrag="1000.00", toeslagen=("bonus-50-plus",)),
        ]
    )  # fmt: skip
    assert got[2][:2] == ("50000.00", True) and "één keer" in got[2][2]
    assert got[3][:2] == ("0.00", False) and "alleen bij een plaatsing" in got[3][2]
    assert got[4][:2] == ("1000.00", True) and "alleen bij een plaatsing" in got[4][2]


def test_a_bonus_on_a_learning_place_does_not_count() -> None:
    data = manifest()
    data["valuation"]["allowed_blocks"].append("bbl")
    got = values([row(2, "bbl", D(2028, 1, 1), D(2028, 12, 31), kandidaat="L-1", toeslagen=("bonus-50-plus",))], data)
    assert got[2][:2] == ("35000.00", True) and "alleen bij een plaatsing" in got[2][2]


def test_a_bonus_with_the_hours_and_months_of_its_placement() -> None:
    # (50.000 + 10.000 + 10.000) x 18/36 x 3/12 = 8.750
    got = values([row(2, "banenafspraak", D(2028, 1, 1), D(2028, 3, 31), "18", "K-7",
                      ("bonus-50-plus", "bonus-vast-contract"))])  # fmt: skip
    assert got[2] == ("8750.00", True, "")


def test_a_purchase_from_a_social_enterprise() -> None:
    # The wage-cost part of the invoice counts in full by default; at 50 %: 6.172,835 -> 6.172,84.
    rows = [row(2, "inkoop-sociaal", D(2027, 9, 1), uren=None, bedrag="12345.67")]
    assert values(rows)[2] == ("12345.67", True, "")
    assert values(rows, manifest(buy_social_share_percent="50"))[2] == ("6172.84", True, "")


def test_support_at_cost_or_by_hours() -> None:
    # 4 hours a week for 31 days: 4 x 31 / 7 = 17,714... hours x € 100 = 1.771,43 (half up).
    got = values(
        [
            row(2, "ondersteuning", D(2028, 1, 1), D(2028, 1, 31), "4"),
            row(3, "ondersteuning", D(2028, 2, 1), D(2028, 2, 1), None, bedrag="2500.00"),
        ]
    )
    assert got[2] == ("1771.43", True, "")
    assert got[3] == ("2500.00", True, "")
    assert values([row(2, "ondersteuning", D(2028, 1, 1), D(2028, 1, 31), "4")],
                  manifest(hourly_value_eur="75.00"))[2][0] == "1328.57"  # fmt: skip


def test_rows_before_the_start_date() -> None:
    got = values(
        [
            row(2, "participatiewet", D(2027, 1, 1), D(2027, 3, 31), kandidaat="K-8"),
            row(3, "participatiewet", D(2027, 3, 1), D(2027, 4, 30), kandidaat="K-9"),
            row(4, "inkoop-sociaal", D(2027, 3, 15), uren=None, bedrag="500.00"),
            row(5, "inkoop-sociaal", D(2027, 3, 15), D(2027, 4, 15), uren=None, bedrag="500.00"),
            row(6, "ondersteuning", D(2027, 3, 25), D(2027, 4, 7), "4"),
            row(7, "participatiewet", D(2031, 3, 1), D(2031, 4, 30), kandidaat="K-7"),
        ],
        day=FINAL,
    )
    assert got[2][:2] == ("0.00", False) and "buiten de looptijd" in got[2][2]
    # a placement already running before the start date is pre-existing employment: it does not
    # count at all, not even its in-term part (algemeen.onderwerp, lawyer5 MAJOR-1)
    assert got[3][:2] == ("0.00", False)
    assert got[3][2].startswith("het dienstverband begon op 1 maart 2027, vóór de ingangsdatum 1 april 2027")
    assert (
        "bij de Opdrachtnemer in dienst was of er een leerwerkplek of stageplaats had" in got[3][2]
        and "alleen de extra uren" in got[3][2]
    )
    assert got[4][:2] == ("0.00", False) and "buiten de looptijd" in got[4][2]
    # a purchase invoiced before the start: its invoice date decides, there is nothing to split (I MINOR-4)
    assert got[5][:2] == ("0.00", False) and got[5][2].startswith("de factuurdatum (van) valt buiten de looptijd")
    # support is no employment: its in-term part counts (4 hours x 7 April days / 7 x € 100)
    assert got[6] == ("400.00", True, "alleen het deel binnen de looptijd telt")
    # a placement beginning in the term and running past its end: only March counts (40.000 / 12)
    assert got[7] == ("3333.33", True, "alleen het deel binnen de looptijd telt")


def test_a_learning_place_before_the_start_date_and_one_on_the_start_date() -> None:
    data = manifest()
    data["valuation"]["allowed_blocks"].append("bbl")  # a Doelgroep with BBL learning places
    got = values(
        [
            row(2, "bbl", D(2027, 3, 31), D(2027, 9, 30), kandidaat="K-1"),
            row(3, "bbl", D(2027, 4, 1), D(2027, 9, 30), kandidaat="K-2"),
            row(4, "participatiewet", D(2027, 4, 1), D(2027, 9, 30), kandidaat="K-3"),
        ],
        data,
    )
    assert got[2][:2] == ("0.00", False) and got[2][2].startswith("de leerwerkplek begon op 31 maart 2027")
    assert got[3][1] is True and got[3][2] == ""
    assert got[4] == ("20000.00", True, "")  # six whole months of a € 40.000 block


def test_a_contract_written_before_the_rule_values_as_it_was_written() -> None:
    """A manifest whose annex lists algemeen.onderwerp and algemeen.doelgroep only in versions before
    the pre-existing-employment rule keeps the in-term part; from those versions on it does not count."""
    early = [row(3, "participatiewet", D(2027, 3, 1), D(2027, 4, 30), kandidaat="K-9")]

    def listing(onderwerp: int, doelgroep: int) -> dict:
        data = manifest()
        data["documents"][0]["clauses"] = [
            {"id": "algemeen.onderwerp", "version": onderwerp, "article": 21},
            {"id": "algemeen.doelgroep", "version": doelgroep, "article": 7},
        ]
        return data

    assert values(early, listing(3, 2))[3] == ("3333.33", True, "alleen het deel binnen de looptijd telt")
    assert values(early, listing(4, 3))[3][:2] == ("0.00", False)
    assert "(artikel 21)" in values(early, listing(4, 3))[3][2]  # without `articles`: from the clause list
    assert values(early, listing(3, 3))[3][1] is False  # the Doelgroep article alone excludes the person


def test_a_block_outside_the_doelgroep_and_a_lot_outside_the_contract() -> None:
    got = values(
        [
            row(2, "ww", D(2028, 1, 1), D(2028, 12, 31), kandidaat="K-10"),
            row(3, "participatiewet", D(2028, 1, 1), D(2028, 12, 31), kandidaat="K-11", perceel="1"),
            row(4, "onbekend", D(2028, 1, 1), D(2028, 12, 31), kandidaat="K-12"),
        ]
    )
    assert got[2] == (
        "0.00",
        False,
        "het Bouwblok ‘Dienstverband Kandidaat met een WW-uitkering’ (ww) geldt volgens de Waardetabel niet voor "
        "de Doelgroep van deze aanbesteding",
    )
    assert got[3][:2] == ("0.00", False) and "perceel 1 hoort niet bij dit contract" in got[3][2]
    assert got[4][:2] == ("0.00", False) and "staat niet in de waardetabel" in got[4][2]


def test_amounts_with_odd_cents() -> None:
    # 20 of 36 hours from 15 April to 10 July 2027: 16/30 + 2 + 10/31 = 1328/465 months;
    # 40.000 x 20/36 x 1328/465 / 12 = 5.288,7295... -> 5.288,73
    got = values([row(2, "participatiewet", D(2027, 4, 15), D(2027, 7, 10), "20", "K-13")])
    assert got[2] == ("5288.73", True, "")
    # Each row is rounded once: three rows of 40.000 x 1/36 x 1/12 = 92,5925... -> 92,59 each.
    rows = [row(n, "participatiewet", D(2028, n, 1), D(2028, n, 29 if n == 2 else 30), "1", f"K-{n}0")
            for n in (2, 4, 6)]  # fmt: skip
    result = value_report(manifest(), rows, PEIL)
    assert [str(r.value_eur) for r in result.rows] == ["92.59", "92.59", "92.59"]
    assert str(result.realised_eur) == "277.77"


def test_totals_expectation_and_the_interim_test_at_the_report_date() -> None:
    rows = [row(2, "participatiewet", D(2028, 1, 1), D(2028, 6, 30), "18", "K-1")]
    result = value_report(manifest(), rows, PEIL)
    assert str(result.realised_eur) == "10000.00"
    assert str(result.fulfilment_percent) == "22.22"
    # 45.000 x 732/1461 days (1 April 2027 up to and including 1 April 2029) = 22.546,20
    assert str(result.expected_eur) == "22546.20"
    # The one interim test (monitoring.evaluatie): 50 % of the linear path = 11.273,10
    assert str(result.threshold_eur) == "11273.10"
    assert str(result.shortfall_eur) == "1273.10"
    assert str(result.remaining_eur) == "35000.00"
    assert result.charge_eur is None and result.phase == "looptijd"  # the term has not ended
    lower = value_report(manifest(interim_percent="25"), rows, PEIL)
    assert str(lower.threshold_eur) == "5636.55" and str(lower.shortfall_eur) == "0.00"
    before = value_report(manifest(), rows, D(2027, 1, 1))
    assert str(before.expected_eur) == "0.00" and str(before.shortfall_eur) == "0.00"


def test_the_hersteltermijn_starts_only_with_the_melding_and_the_boete_is_indicative_after_it() -> None:
    rows = [row(2, "participatiewet", D(2028, 1, 1), D(2028, 6, 30), "18", "K-1")]
    # After the term without a melding: the tekort, but no Hersteltermijn and no boete, however late.
    late = value_report(manifest(), rows, D(2032, 1, 1))
    assert late.phase == "na-looptijd" and late.recovery_end is None and late.charge_eur is None
    assert str(late.shortfall_eur) == "35000.00"
    # A melding on 15 May 2031 starts 3 months: 16 May up to and including 15 August 2031.
    melding = D(2031, 5, 15)
    on_last_day = value_report(manifest(), rows, D(2031, 8, 15), melding=melding)
    assert on_last_day.phase == "hersteltermijn" and on_last_day.charge_eur is None
    assert (on_last_day.recovery_start, on_last_day.recovery_end) == (D(2031, 5, 16), D(2031, 8, 15))
    after = value_report(manifest(), rows, D(2031, 8, 16), melding=melding)
    assert after.phase == "na-hersteltermijn" and str(after.charge_eur) == "35000.00"
    half = value_report(manifest(sanction_percent="50"), rows, D(2031, 8, 16), melding=melding)
    assert str(half.charge_eur) == "17500.00"
    data = after.to_json()
    assert data["melding"] == "2031-05-15" and data["recovery_end"] == "2031-08-15"


def test_work_counts_in_the_term_and_in_the_hersteltermijn_only() -> None:
    # 1 April to 30 September 2031: April-May 2031 fall between the end (31 March) and the
    # Hersteltermijn (16 May-15 August), so only 16 May-15 August counts: 40.000 x 3/12 = 10.000.
    rows = [row(2, "participatiewet", D(2031, 4, 1), D(2031, 9, 30), kandidaat="K-9")]
    with_melding = value_report(manifest(), rows, D(2031, 10, 1), melding=D(2031, 5, 15))
    (valued,) = with_melding.rows
    assert str(valued.value_eur) == "10000.00"
    assert valued.reason == "alleen het deel binnen de looptijd of de Hersteltermijn telt"
    without = value_report(manifest(), rows, D(2031, 10, 1))
    assert not without.rows[0].counted and "31 maart 2031" in without.rows[0].reason


def test_a_surplus_on_one_lot_fills_a_shortfall_on_another_as_the_contract_says() -> None:
    rows = [
        row(2, "banenafspraak", D(2027, 4, 1), D(2028, 3, 31), kandidaat="K-1", perceel="2"),
        row(3, "participatiewet", D(2027, 4, 1), D(2028, 3, 31), kandidaat="K-2", perceel="1"),
        row(4, "participatiewet", D(2028, 1, 1), D(2028, 1, 31), kandidaat="K-3", perceel=""),
    ]
    melding = D(2031, 5, 1)
    result = value_report(two_lot_manifest(), rows, D(2031, 9, 1), melding=melding)
    lots = {lot.id: lot for lot in result.lots}
    # Lot 1: 75.000 - 40.000 = 35.000 short; lot 2: 50.000 against 45.000, 5.000 over (monitoring.sancties).
    assert str(lots["2"].realised_eur) == "50000.00" and str(lots["2"].charge_eur) == "0.00"
    assert str(lots["1"].realised_eur) == "40000.00" and str(lots["1"].shortfall_eur) == "30000.00"
    assert str(result.charge_eur) == "30000.00"  # 120.000 - 90.000
    assert "vul het perceel in" in result.rows[2].reason
    # A contract without that clause (offsetting false in its manifest): per lot.
    data = two_lot_manifest()
    data["valuation"]["offsetting"] = False
    separate = value_report(data, rows, D(2031, 9, 1), melding=melding)
    assert str(separate.charge_eur) == "35000.00"


def test_a_contract_without_lots() -> None:
    rows = [
        row(2, "participatiewet", D(2028, 1, 1), D(2028, 6, 30), "18", "K-1", perceel=""),
        row(3, "participatiewet", D(2028, 1, 1), D(2028, 6, 30), "18", "K-2", perceel="2"),
    ]
    result = value_report(no_lot_manifest(), rows, PEIL)
    assert [r.counted for r in result.rows] == [True, False]
    assert "geen percelen" in result.rows[1].reason
    assert result.lots[0].id == "" and str(result.realised_eur) == "10000.00"


def test_api_and_cli_value_a_csv_against_a_contract_folder(tmp_path) -> None:  # noqa: ANN001
    folder = contract_folder(tmp_path / "out")
    report = write_csv(tmp_path / "r.csv", [
        ("2", "K-001", "participatiewet", 18, D(2028, 1, 1), D(2028, 6, 30), "", "", "halve dag"),
        ("2", "", "inkoop-sociaal", "", D(2027, 9, 1), "", "", "1.234,56", "factuur"),
        ("2", "Jan Jansen", "participatiewet", 36, D(2028, 1, 1), D(2028, 6, 30), "", "", ""),
    ])  # fmt: skip
    valuation = clausegen.realisatie(folder, report, "2029-04-01")
    assert str(valuation.realised_eur) == "11234.56"
    result = run_cli("realisatie", folder, report, "--json", "--peildatum", "2029-04-01")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == valuation.to_json()
    assert set(data) >= {"contract", "obligation_eur", "realised_eur", "fulfilment_percent", "shortfall_eur",
                         "lots", "rows"}  # fmt: skip
    assert data["contract"] == "2026-0142-P2" and data["obligation_eur"] == "45000.00"
    assert data["rows"][0] == {"row": 2, "lot": "2", "value_eur": "10000.00", "counted": True, "refused": False,
                               "reason": ""}  # fmt: skip
    assert data["rows"][2]["refused"] is True and "nooit een naam" in data["rows"][2]["reason"]
    text = run_cli("realisatie", folder / "manifest.json", report, "--peildatum", "2029-04-01")
    assert text.exit_code == 0
    assert "€\u00a011.234,56" in text.stdout and "24,97%" in text.stdout
    assert "rij 4: geweigerd: kandidaat" in text.stdout
    assert "Jan" not in text.stdout


def test_cli_exit_2_only_when_the_file_cannot_be_read(tmp_path) -> None:  # noqa: ANN001
    folder = contract_folder(tmp_path / "out")
    (tmp_path / "kapot.xlsx").write_bytes(b"PK\x03\x04 geen werkmap")
    (tmp_path / "kolommen.csv").write_text("naam;bedrag\nx;1\n", encoding="utf-8")
    (tmp_path / "alles-fout.csv").write_text(
        ";".join(("perceel", "kandidaat", "bouwblok", "uren_per_week", "van", "tot", "toeslagen", "bedrag_eur",
                  "toelichting")) + "\n2;K-1;participatiewet;veel;31-2-2028;;;;\n",
        encoding="utf-8",
    )  # fmt: skip
    for name, message in (("kapot.xlsx", "geen leesbare werkmap"), ("kolommen.csv", "de kolommen kloppen niet"),
                          ("ontbreekt.csv", "bestaat niet")):  # fmt: skip
        result = run_cli("realisatie", folder, tmp_path / name)
        assert result.exit_code == 2, result.output
        assert message in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    result = run_cli("realisatie", folder, tmp_path / "alles-fout.csv", "--peildatum", "2029-04-01")
    assert result.exit_code == 0
    assert "rij 2: geweigerd: uren_per_week: 'veel' is geen getal" in result.stdout
    assert "van: '31-2-2028' bestaat niet als datum" in result.stdout
    assert run_cli("realisatie", tmp_path, tmp_path / "alles-fout.csv").exit_code == 2  # no manifest
    bad = run_cli("realisatie", folder, tmp_path / "alles-fout.csv", "--peildatum", "1-4-2029")
    assert bad.exit_code == 2 and "JJJJ-MM-DD" in bad.stderr


def test_a_manifest_that_breaks_the_interface_is_named_by_its_key(tmp_path) -> None:  # noqa: ANN001
    data = manifest()
    del data["valuation"]["allowed_blocks"]
    with pytest.raises(ClausegenError, match="valuation.allowed_blocks ontbreekt"):
        value_report(data, [], PEIL)
    data = manifest()
    data["valuation"]["lots"][0]["obligation_eur"] = 45000.0
    with pytest.raises(ClausegenError, match="obligation_eur moet een bedrag als tekst zijn"):
        value_report(data, [], PEIL)
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "manifest.json").write_text("{niet json", encoding="utf-8")
    result = run_cli("realisatie", folder, tmp_path / "x.csv")
    assert result.exit_code == 2 and "geen geldige JSON" in result.stderr
