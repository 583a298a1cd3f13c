"""The realisation letter after the fourteenth legal reading (readers H and G): the words of the
letter and of the terminal (tests/fixtures/veertiende-lezing).

h1: the ICT framework of the Provincie Gelderland, per Nadere overeenkomst, with Afnemers; R1 with
the reader's Nadere overeenkomsten and rows, settled on 1 September 2031 after a melding of 1 May
2031. h2: hoogwaardige inhuur of Rijkswaterstaat, one holder, the obligation at framework level
(3 % of the Afroepwaarde; Opdrachtwaarde € 1.850.000,00), 1 September 2027 to 31 August 2029;
the reader's rows, melding 1 November 2029, Afroepwaarde € 2.100.000,00."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_cli, written_contract

H = FIXTURES / "veertiende-lezing"
HEADER = "perceel;kandidaat;bouwblok;uren_per_week;van;tot;toeslagen;bedrag_eur;toelichting;nadere_overeenkomst\n"
H2_ROWS = (
    ";K-101;stage-bol;36;1-9-2027;31-1-2028;;;stage beleidsonderzoek;\n"
    ";K-102;plaatsing-a;12;1-1-2028;31-8-2029;bonus-taal;;office support;\n"
    ";;inkoop-sociaal;;1-6-2028;30-6-2028;;4250;catering workshops;\n"
    ";;ondersteuning;8;1-3-2028;30-4-2028;;;mentoring sollicitanten;\n"
    ";K-103;plaatsing-a;36;1-6-2029;30-11-2029;;;data-analist;\n"
)
H1_ROWS = (
    "1;K-007;plaatsing-a;20;1-1-2029;31-12-2029;;;ontwikkelaar junior;NO-01\n"
    "2;K-007;plaatsing-a;20;1-10-2029;31-3-2030;;;beheer servicedesk;NO-04\n"
    "1;K-010;leerwerkplek-bbl;18;1-2-2028;31-7-2028;;;BBL applicatieontwikkeling;NO-02\n"
    "1;K-010;leerwerkplek-bbl;18;1-5-2028;31-12-2028;;;BBL applicatieontwikkeling;NO-03\n"
    "1;;inkoop-sociaal;;1-3-2028;31-3-2028;;1800;testwerk door sociale onderneming;NO-01\n"
    "2;K-012;plaatsing-b;36;15-1-2028;30-6-2028;;;datamigratie;NO-05\n"
    "1;K-015;plaatsing-a;36;1-10-2027;30-9-2028;bonus-vast-contract;;tester;NO-01\n"
)
H1_CALL_OFFS = (
    "nummer;perceel;startdatum;einddatum;waarde_eur;toelichting;afnemer\n"
    "NO-01;1;1-9-2027;31-12-2029;450000;Portaal vergunningen;\n"
    "NO-02;1;1-2-2028;31-7-2028;60000;Koppeling BRP;Gemeente Apeldoorn\n"
    "NO-03;1;1-5-2028;31-12-2028;35000;Dashboard handhaving;Omgevingsdienst Regio Arnhem\n"
    "NO-04;2;1-10-2029;31-3-2031;250000;Beheer zaaksysteem;Gemeente Apeldoorn\n"
    "NO-05;2;15-1-2028;30-6-2028;80000;Migratie archief;\n"
)
H2_EIND = ("--peildatum", "2030-03-01", "--melding", "2029-11-01", "--afroepwaarde", "2100000")
H1_EIND = ("--peildatum", "2031-09-01", "--melding", "2031-05-01")


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ")


@pytest.fixture(scope="module")
def h2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_contract(tmp_path_factory, H / "h2.yaml", H / "h2-gunning.yaml", "RWS-HI-2027-112-01")


@pytest.fixture(scope="module")
def g1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_contract(tmp_path_factory, H / "g1.yaml", H / "g1-gunning.yaml", "WSRL-2027-017-01")


@pytest.fixture(scope="module")
def h1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_contract(tmp_path_factory, H / "h1.yaml", H / "h1-gunning.yaml", "PRV-ICT-2027-07-R1")


def _h2_letter(h2: Path, tmp_path: Path, *args: str) -> tuple[str, str, str]:
    """The letter's text, stdout and stderr of `realisatie` on the reader's h2 rows."""
    report = tmp_path / "rapport.csv"
    report.write_text(HEADER + H2_ROWS, encoding="utf-8")
    letter = tmp_path / "brief.docx"
    # the buyer consented to the support in row 5, as the reader's figures assume (G MINOR-6)
    result = run_cli("realisatie", h2, report, *args, "--instemming", "5", "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    return _plain(docx_text(letter)), _plain(result.stdout), _plain(result.stderr)


def _h1_letter(h1: Path, tmp_path: Path, rows: str = H1_ROWS, *args: str) -> tuple[str, str]:
    """The letter's text and the terminal of `realisatie` on the reader's h1 rows and call-offs."""
    report = tmp_path / "rapport.csv"
    report.write_text(HEADER + rows, encoding="utf-8")
    call_offs = tmp_path / "nadere-overeenkomsten.csv"
    call_offs.write_text(H1_CALL_OFFS, encoding="utf-8")
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", h1, report, "--nadere-overeenkomsten", call_offs, *(args or H1_EIND), "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    return _plain(docx_text(letter)), _plain(result.stdout)


# ---------------------------------------------------------------- H TAAL-1


def test_the_pending_boete_is_an_indicative_amount_not_a_tekort(h2: Path, tmp_path: Path) -> None:
    """TAAL-1: "De indicatieve boete daarover (€ 2.445,24) is nog niet verschuldigd. Dat is een
    indicatief tekort" made the boete a tekort; now the amount is called indicative."""
    text, out, _ = _h2_letter(h2, tmp_path, *H2_EIND)
    sentence = ("De indicatieve boete daarover (€ 2.445,24) is nog niet verschuldigd. Het bedrag is indicatief; een "
                "boete (artikel 6:91 BW) volgt pas na melding, Hersteltermijn, voornemen en beslissing volgens "
                "artikel 33.")  # fmt: skip
    assert sentence in text and sentence in out
    assert "verschuldigd. Dat is een indicatief tekort" not in text + out


def test_after_the_hersteltermijn_the_terminal_calls_the_amounts_indicative(h2: Path, tmp_path: Path) -> None:
    """TAAL-1, the same sentence after "de indicatieve boete is € ...": after both Hersteltermijnen
    (to 1 May 2030) the terminal names the boete, and then the amounts are indicative."""
    _, out, _ = _h2_letter(h2, tmp_path, "--peildatum", "2030-06-01", "--melding", "2029-11-01",
                           "--afroepwaarde", "2100000")  # fmt: skip
    # between the two sentences the voornemen gives the two parts of the tekort (sixteenth reading L MINOR-7)
    assert "de indicatieve boete is € 2.445,24 (100% van het tekort). Het tekort bestaat uit twee delen" in out
    assert "De bedragen zijn indicatief; een boete (artikel 6:91 BW) volgt pas na melding" in out
    assert "van het tekort). Dat is een indicatief tekort" not in out


# ---------------------------------------------------------------- H TAAL-2


def test_a_met_call_off_or_bundle_names_no_creditor(h1: Path, tmp_path: Path) -> None:
    """TAAL-2: "boete € 0,00 (verschuldigd aan: Gemeente Apeldoorn € 0,00 en Omgevingsdienst Regio
    Arnhem € 0,00): gehaald"; now a creditor only where the boete is above nil, and no paragraph on
    the split of a bundle's boete where no bundle has one (it was in the letter and twice in the
    terminal)."""
    text, out = _h1_letter(h1, tmp_path)
    assert ("gebundeld 2028: NO-02, NO-03 (perceel 1) (1 februari 2028 t/m 31 december 2028, waarde € 95.000,00): "
            "verplichting € 4.750,00, gerealiseerd € 20.416,67, PSO € 2.375,00, nog te realiseren € 0,00, tekort "
            "€ 0,00, boete € 0,00: gehaald") in out  # fmt: skip
    assert "tekort € 0,00, boete € 0,00: gehaald" in out and "boete € 0,00 (verschuldigd aan" not in out
    assert "€ 0,00 en Omgevingsdienst Regio Arnhem € 0,00" not in out
    assert "boete € 2.500,00 (verschuldigd aan: Gemeente Apeldoorn): tekort" in out
    assert "NO-04 (perceel 2) € 2.500,00 (verschuldigd aan: Gemeente Apeldoorn)." in text
    assert "De boete over een bundel is verschuldigd" not in text + out


def test_a_bundles_boete_names_its_parts_and_the_split_once(h1: Path, tmp_path: Path) -> None:
    """TAAL-2, the bundle of 2028 on lot 1 short by € 375,00 (the reader's variant: obligation
    € 4.750,00, PSO € 2.375,00, a purchase of € 2.000,00): the parts are named, and the paragraph on
    the split stands once in the letter and once in the terminal."""
    rows = "".join(line + "\n" for line in H1_ROWS.splitlines() if "K-010" not in line)
    rows += "1;;inkoop-sociaal;;1-3-2028;31-3-2028;;2000;catering sociale onderneming;NO-02\n"
    text, out = _h1_letter(h1, tmp_path, rows)
    assert ("boete € 375,00 (verschuldigd aan: Gemeente Apeldoorn € 236,85 en Omgevingsdienst Regio Arnhem "
            "€ 138,15): tekort") in out  # fmt: skip
    split = "De boete over een bundel is verschuldigd aan elke partij die er een Nadere overeenkomst in sloot"
    assert out.count(split) == 1 and text.count(split) == 1
    assert "boete € 0,00 (verschuldigd aan" not in out


# ---------------------------------------------------------------- G TAAL-6

G1_WORK = ("--oplevering", "2030-05-31", "--onderhoudstermijn-tot", "2031-05-31", "--melding", "2031-06-15")
STILL = "Inzet bij onderhoud en herstel in de onderhoudstermijn vermindert het tekort nog, ook na de Hersteltermijn"


def _g1_letter(g1: Path, tmp_path: Path, day: str) -> str:
    letter = tmp_path / f"brief-{day}.docx"
    result = run_cli("realisatie", g1, H / "g1-rapport-eind.csv", "--peildatum", day, *G1_WORK, "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    return _plain(docx_text(letter))


def test_after_the_onderhoudstermijn_its_work_was_counted(g1: Path, tmp_path: Path) -> None:
    """TAAL-6: on 1 October 2031 the onderhoudstermijn (to 31 May 2031) had ended, yet the letter
    said its work "vermindert het tekort nog"; now it was counted, and past the aanvullende
    rapportage (6 weeks after its end, 12 July 2031) nothing further is announced."""
    text = _g1_letter(g1, tmp_path, "2031-10-01")
    assert ("De onderhoudstermijn is op 31 mei 2031 geëindigd. Inzet bij onderhoud en herstel in de onderhoudstermijn "
            "verminderde het tekort (artikel 30); zij is in deze berekening meegeteld (de regels met 'ja' in de "
            "kolom onderhoud).") in text  # fmt: skip
    assert STILL not in text and "aanvullende rapportage over de onderhoudstermijn" not in text


def test_within_six_weeks_after_the_onderhoudstermijn_the_letter_names_the_aanvullende_rapportage(
    g1: Path, tmp_path: Path
) -> None:
    """TAAL-6: between the end of the onderhoudstermijn and the aanvullende rapportage, the letter
    names only that report and its last day; while the onderhoudstermijn runs, "nog" stays."""
    text = _g1_letter(g1, tmp_path, "2031-07-01")
    assert ("zij is in deze berekening meegeteld (de regels met 'ja' in de kolom onderhoud). Inzet in de "
            "onderhoudstermijn die hier nog niet is opgegeven, kan de Aannemer tot en met 12 juli 2031 opgeven in "
            "de aanvullende rapportage over de onderhoudstermijn (6 weken na het einde daarvan).") in text  # fmt: skip
    assert STILL not in text
    assert STILL in _g1_letter(g1, tmp_path, "2031-05-15")


# ---------------------------------------------------------------- H MINOR-6

ABOVE = ("de Afroepwaarde (€ 2.100.000,00) ligt boven de geraamde waarde van de Raamovereenkomst (€ 1.850.000,00, "
         "exclusief btw, inclusief opties en verlengingen); ga na of de afname binnen de Raamovereenkomst viel "
         "(artikel 2.163a e.v. Aanbestedingswet 2012); de verplichting en de brief volgen de Afroepwaarde")  # fmt: skip
ABOVE_LETTER = ("De Afroepwaarde van € 2.100.000,00 ligt boven de geraamde waarde van de Raamovereenkomst in de "
                "aanbesteding (€ 1.850.000,00, exclusief btw, inclusief opties en verlengingen). De Opdrachtgever gaat "
                "na of de afname binnen de Raamovereenkomst viel (artikel 2.163a e.v. Aanbestedingswet 2012); de "
                "verplichting in deze brief volgt de Afroepwaarde.")  # fmt: skip


def test_an_afroepwaarde_above_the_frameworks_value_is_a_warning_and_in_the_letter(h2: Path, tmp_path: Path) -> None:
    """MINOR-6: the letter reckoned 3 % of an Afroepwaarde of € 2.100.000,00 without a word, while
    the framework's estimated value (a maximum) was € 1.850.000,00; now stderr and the letter say
    so, and the obligation still follows the Afroepwaarde (€ 63.000,00)."""
    text, out, err = _h2_letter(h2, tmp_path, *H2_EIND)
    assert f"Waarschuwing: {ABOVE}" in err
    assert ABOVE_LETTER in text
    assert "Opdracht € 63.000,00 € 60.554,76" in text.replace("\n", " ")
    assert "2.163a" not in out  # the terminal has it once, as the warning


def test_an_afroepwaarde_within_the_frameworks_value_gives_no_warning(h2: Path, tmp_path: Path) -> None:
    text, out, err = _h2_letter(h2, tmp_path, "--peildatum", "2030-03-01", "--melding", "2029-11-01",
                                "--afroepwaarde", "1850000")  # fmt: skip
    assert "2.163a" not in text + out + err and "geraamde waarde van de Raamovereenkomst" not in text


def test_the_warning_is_in_the_catalog_in_english(h2: Path, tmp_path: Path) -> None:
    report = tmp_path / "rapport.csv"
    report.write_text(HEADER + H2_ROWS, encoding="utf-8")
    result = run_cli("--lang", "en", "realisatie", h2, report, *H2_EIND)
    assert result.exit_code == 0, result.output + result.stderr
    assert ("the Afroepwaarde (€ 2.100.000,00) exceeds the estimated value of the framework agreement (€ 1.850.000,00, "
            "excl. btw, including options and extensions); check whether the call-offs stayed within the framework "
            "agreement (article 2.163a ff. Aanbestedingswet 2012)") in _plain(result.stderr)  # fmt: skip


def test_a_lots_afroepwaarde_above_its_value_names_the_lot(tmp_path: Path) -> None:
    """MINOR-6 for a holder of a lot (examples: beveiliging, holder C of lot 2, estimated value of
    the lot € 700.000,00 for all holders together)."""
    from conftest import EXAMPLES

    out = tmp_path / "c"
    tender, award = (
        EXAMPLES / "beveiliging-raamovereenkomst-houders.yaml",
        EXAMPLES / "beveiliging-raamovereenkomst-houders-gunning.yaml",
    )
    assert run_cli("contract", tender, award, "-o", out).exit_code == 0
    report = tmp_path / "rapport.csv"
    report.write_text("perceel;kandidaat;bouwblok;uren_per_week;van;tot;toeslagen;bedrag_eur;toelichting\n"
                      "2;;inkoop-sociaal;;1-9-2027;30-9-2027;;1000;sociale onderneming\n", encoding="utf-8")  # fmt: skip
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", out / "2026-0621-C", report, "--peildatum", "2028-01-01", "--afroepwaarde",
                     "2=800000", "-o", letter)  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    assert ("Waarschuwing: de Afroepwaarde van perceel 2 (€ 800.000,00) ligt boven de geraamde waarde van dat perceel "
            "van de Raamovereenkomst (€ 700.000,00, ") in _plain(result.stderr)  # fmt: skip
    assert ("De Afroepwaarde van perceel 2 van € 800.000,00 ligt boven de geraamde waarde van perceel 2 van de "
            "Raamovereenkomst in de aanbesteding (€ 700.000,00, ") in _plain(docx_text(letter))  # fmt: skip


# ---------------------------------------------------------------- H MINOR-11

AFTER = ("De inzet na het einde van de looptijd op 31 augustus 2029, in de Hersteltermijn, is € 3.222,22; zij staat "
         "in de grafiek als apart stuk na dat einde ('gerealiseerd na het einde van de looptijd'), en de tabel telt "
         "haar mee.")  # fmt: skip


def test_the_chart_shows_the_hersteltermijn_as_its_own_segment(h2: Path, tmp_path: Path) -> None:
    """MINOR-11: the chart ended at the end of the Looptijd near € 57.332, the table at € 60.554,76;
    K-103's November 2029 in the Hersteltermijn (36 h, 2 to 30 November: 40.000 x 29/30 / 12 =
    € 3.222,22) is now a segment of its own after the end, and the sentence under the chart says so."""
    from conftest import all_xml

    text, _, _ = _h2_letter(h2, tmp_path, *H2_EIND)
    assert AFTER in text
    assert text.index("Verloop over de looptijd") < text.index(AFTER) < text.index("Regels die niet of niet geheel")
    assert "en de inzet na het einde van de looptijd als apart stuk" in all_xml(tmp_path / "brief.docx")


def test_the_segment_ends_on_the_tables_total(h2: Path, tmp_path: Path) -> None:
    """MINOR-11: the chart's realised value at the end of the segment is the table's Gerealiseerd."""
    import datetime
    from decimal import Decimal

    from clausegen.realisation import realisatie
    from clausegen.realisation.chart import after_term, realised_path

    report = tmp_path / "rapport.csv"
    report.write_text(HEADER + H2_ROWS, encoding="utf-8")
    valuation = realisatie(h2, report, "2030-03-01", melding="2029-11-01", call_off={"": Decimal(2100000)},
                           consent=[5])  # fmt: skip
    amount, until = after_term(valuation)
    assert amount == Decimal("3222.22") and until == datetime.date(2029, 11, 30)
    (total,) = realised_path(valuation, [until])
    assert round(total, 2) == valuation.realised_eur == Decimal("60554.76")


def test_within_the_looptijd_there_is_no_segment(h2: Path, tmp_path: Path) -> None:
    text, _, _ = _h2_letter(h2, tmp_path, "--peildatum", "2029-06-30", "--afroepwaarde", "1500000")
    assert "na het einde van de looptijd op" not in text


# ---------------------------------------------------------------- H MINOR-10

PER_CALL_OFF = ("De Social-returnverplichting geldt per Nadere overeenkomst: de grafiek toont daarom geen verplichting "
                "van de Raamovereenkomst en geen verwacht pad, alleen wat voor alle Nadere overeenkomsten samen is "
                "gerealiseerd")  # fmt: skip


def test_per_call_off_the_chart_has_no_framework_obligation(h1: Path, tmp_path: Path) -> None:
    """MINOR-10: the chart of R1 showed a line "verplichting" at € 60.000 and a linear path to it,
    an obligation that does not exist per Nadere overeenkomst, and its axis stopped on 30 June 2030
    while NO-04 runs to 31 March 2031; now neither line, the axis to the end of NO-04, and a sentence."""
    from conftest import all_xml

    from clausegen.realisation.chart import chart_end

    text, _ = _h1_letter(h1, tmp_path)
    assert (PER_CALL_OFF + "; de tijdas loopt tot het einde van de laatste Nadere overeenkomst op 31 maart 2031. Wat elke Nadere "
            "overeenkomst verschuldigd is, staat in de tabel ‘Per Nadere overeenkomst’.") in text  # fmt: skip
    xml = all_xml(tmp_path / "brief.docx")
    assert ("Grafiek: gerealiseerde waarde over alle Nadere overeenkomsten samen; de verplichting geldt per Nadere "
            "overeenkomst en staat niet in de grafiek") in xml  # fmt: skip
    assert "horizontale lijn" not in xml

    import datetime

    from clausegen.realisation import realisatie

    report, call_offs = tmp_path / "rapport.csv", tmp_path / "nadere-overeenkomsten.csv"
    valuation = realisatie(h1, report, "2031-09-01", melding="2031-05-01", call_offs=call_offs)
    assert chart_end(valuation) == datetime.date(2031, 3, 31) and valuation.end_date == datetime.date(2030, 6, 30)


def test_a_framework_level_chart_keeps_its_obligation(h2: Path, tmp_path: Path) -> None:
    """MINOR-10 only per Nadere overeenkomst: at framework level the obligation line stays."""
    from conftest import all_xml

    text, _, _ = _h2_letter(h2, tmp_path, *H2_EIND)
    assert PER_CALL_OFF not in text
    assert "met de verplichting (Afroepwaarde × percentage) als horizontale lijn" in all_xml(tmp_path / "brief.docx")
