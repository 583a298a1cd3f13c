"""Tenth reading MAJOR-4 and its MINORs: who is the creditor of the boete where Afnemers sign
Nadere overeenkomsten, read back from the documents the CLI writes for three cases: no Afnemers,
Afnemers under a framework-level obligation (T1) and Afnemers under an obligation per Nadere
overeenkomst (T3, profile ict). Also the final-report row of the dates table (MINOR-5), the memo's
raming (MINOR-2), BT-777 (TAAL-1) and the value table's source (TAAL-2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, docx_text, run_cli

TIENDE = FIXTURES / "tiende-lezing"
NO_AFNEMERS = EXAMPLES / "beveiliging-percelen-raamovereenkomst.yaml"


def _text(path: Path) -> str:
    return docx_text(path).replace("\u00a0", " ")


def _contract(tmp_path: Path, tender: str, award: str, number: str) -> str:
    out = tmp_path / "c"
    result = run_cli("contract", TIENDE / tender, TIENDE / award, "-o", out)
    assert result.exit_code == 0, result.output
    return _text(next(out.rglob(f"{number}-raamovereenkomst-social-return.docx")))


def _generate(tmp_path: Path, tender: Path) -> dict[str, str]:
    out = tmp_path / "o"
    result = run_cli("generate", tender, "-o", out)
    assert result.exit_code == 0, result.output
    return {p.name.split("-", 2)[-1]: _text(p) for p in out.glob("*.docx")}


def _article(text: str, heading: str, until: str) -> str:
    start = text.index("\n" + heading + "\n")
    return text[start : text.index("\n" + until + "\n", start + 1)]


@pytest.fixture(scope="module")
def t3(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _contract(tmp_path_factory.mktemp("t3"), "t3.yaml", "g3.yaml", "2027-0502-1")


@pytest.fixture(scope="module")
def t1(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _contract(tmp_path_factory.mktemp("t1"), "t1.yaml", "g1.yaml", "2027-0088-1")


def test_per_call_off_the_afnemer_is_the_creditor_and_mandates_the_opdrachtgever(t3: str) -> None:
    article = _article(t3, "Opdrachtgever en Afnemers", "Social return per Nadere overeenkomst")
    assert (
        "De Social-returnverplichting van een Nadere overeenkomst bestaat tegenover de partij die die Nadere "
        "overeenkomst met de Opdrachtnemer heeft gesloten. Die partij is ook de schuldeiser van de boete volgens "
        "Artikel 34 over die Nadere overeenkomst: de Opdrachtgever bij een Nadere overeenkomst die hij zelf heeft "
        "gesloten, de Afnemer bij een Nadere overeenkomst die de Afnemer heeft gesloten." in article
    )
    assert "is elk van hen schuldeiser voor het deel dat naar verhouding van de waarde van zijn Nadere" in article
    assert (
        "Elke Afnemer die een andere rechtspersoon is dan de Opdrachtgever, geeft de Opdrachtgever last (artikel 7:414 BW) "
        "en volmacht (artikel 3:60 BW) om bij de Nadere "
        "overeenkomsten van die Afnemer in zijn naam de gerealiseerde Inspanningswaarde en een tekort vast te "
        "stellen, het tekort te melden, in te stemmen met een bundeling volgens Artikel " in article
    )
    assert " en die instemming in te trekken, over de boete te beslissen, de boete te vorderen en te innen" in article
    assert "De Opdrachtnemer aanvaardt dat de Opdrachtgever zo in naam van de Afnemer handelt." in article
    assert "Een betaling van zo'n boete aan de Opdrachtgever bevrijdt de Opdrachtnemer tegenover de Afnemer." in article
    # no withholding for the Opdrachtgever and no cooperation that binds nobody
    assert "rechtstreeks aan de Opdrachtgever betaalt" not in article
    assert "de Afnemer werkt daaraan mee" not in t3
    assert "derdenbeding" not in article


def test_every_call_off_declares_the_annex_and_the_participation_agreement_arranges_the_rest(t3: str, t1: str) -> None:
    for text in (t3, t1):
        assert (
            "Elke Nadere overeenkomst verklaart deze bijlage van toepassing; het model van de Nadere overeenkomst in "
            "de aanbestedingsstukken verwijst daartoe naar deze bijlage. Door een Nadere overeenkomst te sluiten is "
            "een Afnemer tegenover de Opdrachtnemer aan deze bijlage gebonden, ook aan dit artikel, en de "
            "Opdrachtnemer tegenover hem." in text
        )
        assert "in de overeenkomst waarin de Afnemers zich bij de Opdrachtgever hebben aangesloten" in text
        assert "Die overeenkomst geldt tussen de Opdrachtgever en de Afnemers;" in text
    assert (
        "oefent de Opdrachtgever dat uit in naam van die Afnemer. De medewerking van de Afnemers daaraan, de last" in t3
    )
    assert "oefent de Opdrachtgever dat uit. De medewerking van de Afnemers daaraan en de inhouding en afdracht" in t1


def test_per_call_off_the_sanctions_name_the_creditor(t3: str) -> None:
    article = _article(t3, "Niet nakomen van de Social-returnverplichting", "Ondertekening")
    assert (
        "dan verbeurt de Opdrachtnemer aan de partij die de Nadere overeenkomst met hem heeft gesloten, de "
        "Opdrachtgever of een Afnemer (zie Artikel 22), een boete in de zin van artikel 6:91" in article
    )
    assert "verbeurt de Opdrachtnemer aan de Opdrachtgever" not in article
    assert (
        "Bij een Nadere overeenkomst die een Afnemer heeft gesloten, doet de Opdrachtgever dit en wat dit artikel "
        "hem verder opdraagt in naam van die Afnemer, volgens Artikel 22." in article
    )
    assert (
        "De schuldeiser van de boete mag haar verrekenen met wat hij de Opdrachtnemer nog verschuldigd is; bij een "
        "boete die aan een Afnemer is verschuldigd, mag de Opdrachtgever dat in naam van die Afnemer doen." in article
    )
    assert "mag de schuldeiser van de laatste betaling onder die Nadere overeenkomst een bedrag" in article
    assert "De overige rechten van de Opdrachtgever en de Afnemer, zoals ontbinding" in article
    assert (
        "ook voor Nadere overeenkomsten; bij een Nadere overeenkomst die een Afnemer heeft gesloten, doet hij"
        in article
    )


def test_framework_level_withholding_is_a_third_party_clause_with_discharging_payment(t1: str) -> None:
    article = _article(t1, "Opdrachtgever en Afnemers", "De Social-returnverplichting onder de Raamovereenkomst")
    assert (
        "In elke Nadere overeenkomst die een Afnemer sluit, komen de Afnemer en de Opdrachtnemer ten behoeve van de "
        "Opdrachtgever overeen (derdenbeding, artikel 6:253 BW) dat de Afnemer op verzoek van de Opdrachtgever het "
        "vastgestelde bedrag inhoudt op zijn eerstvolgende betalingen aan de Opdrachtnemer" in article
    )
    assert (
        "De Opdrachtgever aanvaardt dat beding door de Raamovereenkomst te ondertekenen; een verzoek tot inhouding "
        "geldt in elk geval als aanvaarding." in article
    )
    assert (
        "Omdat de Opdrachtnemer hiermee instemt, bevrijdt de betaling van het ingehouden bedrag aan de Opdrachtgever "
        "de Afnemer tegenover de Opdrachtnemer (artikel 6:32 BW)" in article
    )
    assert "last (artikel 7:414 BW)" not in article
    # the Opdrachtgever is party to the framework, so it stays the creditor there
    sanctions = _article(t1, "Niet nakomen van de Social-returnverplichting", "Ondertekening")
    assert "dan verbeurt de Opdrachtnemer aan de Opdrachtgever een boete" in sanctions
    assert "schuldeiser" not in sanctions and "in naam van" not in sanctions


def test_without_afnemers_the_sanctions_are_unchanged(tmp_path: Path) -> None:
    docs = _generate(tmp_path, NO_AFNEMERS)
    for name, text in docs.items():
        if "formulier" in name:
            continue
        assert "Opdrachtgever en Afnemers" not in text, name
        assert "dan verbeurt de Opdrachtnemer aan de Opdrachtgever een boete" in text, name
        assert "De Opdrachtgever mag haar verrekenen met wat hij de Opdrachtnemer nog verschuldigd is." in text, name
        assert "schuldeiser van de boete" not in text and "derdenbeding" not in text, name


def test_dates_table_final_report_follows_the_last_call_off(t1: str, t3: str) -> None:
    # MINOR-5: the table no longer fixes a date the rapportage article lets move
    assert "\nEindrapportage\n12 oktober 2030, of 6 weken na het einde van de laatste Nadere overeenkomst, als die later eindigt\n" in t1  # fmt: skip
    assert "\nEindrapportage over een Nadere overeenkomst\n6 weken na het einde van die Nadere overeenkomst\n" in t3


def test_memo_of_a_framework_calls_its_figures_an_estimate(tmp_path: Path) -> None:
    memo = tmp_path / "memo.docx"
    assert run_cli("explain", TIENDE / "t1.yaml", "--memo", "-o", memo).exit_code == 0
    text = _text(memo)
    assert "raming 5% van € 3.000.000,00 = € 150.000,00" in text
    assert "verplichting 5% van € 3.000.000,00" not in text
    assert "\nGeraamde waarde, schijf en raming\n" in text
    assert "Perceel\nGeraamde waarde (maatstaf voor schijf en raming)\nSchijf\nPercentage\nRaming\n" in text
    assert "Grondslag (opdrachtwaarde)" not in text
    assert "De raming is niet verschuldigd: verschuldigd is het percentage van de Afroepwaarde van elke houder" in text
    single = tmp_path / "single.docx"
    assert run_cli("explain", EXAMPLES / "schoonmaak-den-haag.yaml", "--memo", "-o", single).exit_code == 0
    plain = _text(single)
    assert "verplichting 5% van € 1.500.000,00 = € 75.000,00" in plain
    assert "Perceel\nGrondslag (opdrachtwaarde)\nSchijf\nPercentage\nVerplichting\n" in plain
    assert "Geraamde waarde, schijf en raming" not in plain and "raming 5%" not in plain


def test_notice_says_geraamde_waarde_and_explains_inspanningswaarde() -> None:
    framework = run_cli("notice", TIENDE / "t1.yaml")
    assert framework.exit_code == 0, framework.output
    assert "(5% van de geraamde waarde van € 3.000.000,00)" in framework.stdout
    assert "van de opdrachtwaarde van" not in framework.stdout
    definition = (
        "Inspanningswaarde is de waarde in euro's die de bijlage Social Return volgens vaste bedragen en telregels "
        "toekent aan een bijdrage, zoals een dienstverband of leerwerkplek voor iemand met een afstand tot de "
        "arbeidsmarkt."
    )
    assert definition in framework.stdout
    single = run_cli("notice", EXAMPLES / "schoonmaak-den-haag.yaml")
    assert "(5% van de opdrachtwaarde van € 1.500.000,00)" in single.stdout and definition in single.stdout


def test_value_table_source_says_where_the_amounts_come_from(t3: str) -> None:
    assert "(Eigen indeling van de Opdrachtgever; bedragen ontleend aan: Gemeente Utrecht, Social return berekenen (bouwblokken))" in t3  # fmt: skip
    assert "bedragen naar" not in t3
