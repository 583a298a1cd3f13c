"""The fifteenth reading's smaller code findings (readers I and J, tests/fixtures/vijftiende-lezing):
block names instead of codes in the letter and the workbook (I MINOR-3, J TAAL-3)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from conftest import FIXTURES, docx_text, run_cli, written_contract

V = FIXTURES / "vijftiende-lezing"

HEAD = "perceel;kandidaat;bouwblok;uren_per_week;van;tot;toeslagen;bedrag_eur;toelichting;onderhoud\n"
BONUS_IN_B = HEAD + "1;K-003;plaatsing-b;36;1-1-2028;30-9-2028;bonus-50-plus;;verkeersregelaar;\n"
"""Reader I's row 4 of dijk-tussen.csv: the 50+ bonus on a placement in categorie B, which withholds it."""


@pytest.fixture(scope="module")
def dike(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_contract(tmp_path_factory, V / "i1.yaml", V / "i1-gunning.yaml", "WSV-2027-014-01")


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ")


# --- I MINOR-3, J TAAL-3: the names of the Waardetabel, not the internal codes ------------------------


def test_the_letter_names_the_bonus_and_the_block_as_the_waardetabel_does(dike: Path, tmp_path: Path) -> None:
    report = tmp_path / "tussen.csv"
    report.write_text(BONUS_IN_B, encoding="utf-8")
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", dike, report, "--peildatum", "2028-10-01", "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    article = json.loads((dike / "manifest.json").read_text(encoding="utf-8"))["valuation"]["articles"][
        "bouwblokken.toeslagen"
    ]["article"]
    reason = (
        "de toeslag ‘Toeslag voor een Kandidaat van 50 jaar of ouder bij het begin van de plaatsing’ (bonus-50-plus) "
        "telt niet bij het Bouwblok ‘Dienstverband Kandidaat in categorie B’ (plaatsing-b): in die categorie zou de "
        f"toeslag laten zien tot welke groep uit de Doelgroep de Kandidaat behoort (artikel {article})"
    )
    body = _plain(docx_text(letter))
    assert reason in body and reason in _plain(result.stdout)
    assert "toeslag bonus-50-plus telt niet bij plaatsing-b" not in body
    assert "de kandidaat behoort" not in body


def test_a_block_outside_the_doelgroep_and_a_stray_bonus_are_named(dike: Path, tmp_path: Path) -> None:
    report = tmp_path / "namen.csv"
    report.write_text(HEAD + "1;K-001;bonus-50-plus;36;1-1-2028;30-6-2028;;;;\n"
                      "1;K-002;leerwerkplek-bbl;32;1-10-2027;30-6-2028;bonus-50-plus;;;\n", encoding="utf-8")  # fmt: skip
    result = run_cli("realisatie", dike, report, "--peildatum", "2028-10-01", "--json")
    assert result.exit_code == 0, result.output + result.stderr
    rows = {r["row"]: r["reason"] for r in json.loads(result.stdout)["rows"]}
    bonus = "‘Toeslag voor een Kandidaat van 50 jaar of ouder bij het begin van de plaatsing’ (bonus-50-plus)"
    assert rows[2].startswith(f"{bonus} is een toeslag: die telt alleen bij een plaatsing")
    assert f"de toeslag {bonus} telt niet: een toeslag telt alleen bij een plaatsing" in rows[3]
    assert "'bonus-50-plus' is een toeslag" not in rows[2]


def test_the_workbook_example_names_the_block_beside_its_code(dike: Path) -> None:
    book = openpyxl.load_workbook(next(dike.glob("*-verantwoording.xlsx")))
    texts = [str(cell) for row in book["Toelichting"].iter_rows(values_only=True) for cell in row if cell]
    (example,) = [t for t in texts if "de helft van 36 uur per week" in t]
    assert _plain(example).startswith(
        "Een kandidaat werkt van 1 januari tot en met 30 juni (zes kalendermaanden) de helft van 36 uur per week "
        "in het bouwblok 'plaatsing-a' (Dienstverband Kandidaat in categorie A, € 40.000,00 per voltijd jaar). "
        "Dat telt voor € 40.000,00 × 1/2 × 6/12 = € 10.000,00"
    )
    assert "'plaatsing-a' (€ 40.000,00 per voltijd jaar)" not in _plain(example)


# --- I MINOR-9, J MINOR-10: signatories without a name, or split by YAML at a comma ---------------------

SPLIT = "[P. de Graaf, directeur Dijkbouw Holland B.V., S. Yilmaz, directeur Waterwerken Lek B.V.]"
"""Reader I's first award file: YAML reads the flow list as four items."""


def _award(tmp_path: Path, signatories: str) -> Path:
    text = (V / "i1-gunning.yaml").read_text(encoding="utf-8")
    old = '      signatories: ["P. de Graaf, directeur Dijkbouw Holland B.V.", "S. Yilmaz, directeur Waterwerken Lek B.V."]\n'
    assert old in text
    award = tmp_path / "gunning.yaml"
    award.write_text(text.replace(old, signatories), encoding="utf-8")
    return award


def test_a_function_split_off_its_name_is_refused_with_the_fix(tmp_path: Path) -> None:
    award = _award(tmp_path, f"      signatories: {SPLIT}\n")
    result = run_cli("contract", V / "i1.yaml", award, "-o", tmp_path / "c")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: {award}:9: contracts.0.contractor.signatories.1: ondertekenaar 'directeur Dijkbouw Holland B.V.' "
        "is een functie zonder naam. In een lijst tussen [ en ] splitst YAML op elke komma, zodat naam en functie "
        "twee ondertekenaars met elk een handtekeningblok worden. Zet elke ondertekenaar met naam en functie tussen "
        'aanhalingstekens, zoals signatories: ["P. de Graaf, directeur", "S. Yilmaz, directeur"]'
    )
    assert not (tmp_path / "c").exists()


@pytest.mark.parametrize(
    ("signatories", "line", "at"),
    [
        ('      signatories: ["P. de Graaf, directeur", ""]\n', 9, "signatories.1"),
        ("      signatories:\n        - P. de Graaf, directeur\n        -\n", 11, "signatories.1"),
    ],
)
def test_an_empty_signatory_is_refused_at_its_line(tmp_path: Path, signatories: str, line: int, at: str) -> None:
    award = _award(tmp_path, signatories)
    result = run_cli("contract", V / "i1.yaml", award, "-o", tmp_path / "c")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: {award}:{line}: contracts.0.contractor.{at}: een ondertekenaar zonder naam: geef bij elke "
        "ondertekenaar de naam en de functie van wie tekent, tussen aanhalingstekens, zoals signatories: "
        '["P. de Graaf, directeur", "S. Yilmaz, directeur"], of haal het lege item weg'
    )
    assert "Vul dit veld in" not in result.stderr and "hier hoort tekst" not in result.stderr


def test_an_empty_signatory_field_is_refused(tmp_path: Path) -> None:
    award = _award(tmp_path, '      signatory: ""\n')
    result = run_cli("contract", V / "i1.yaml", award, "-o", tmp_path / "c")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: {award}:9: contracts.0.contractor.signatory: signatory is leeg: geef wie de Opdrachtnemer "
        "vertegenwoordigt, met naam en functie, zoals signatory: P. de Graaf, directeur; of laat signatory weg en "
        "geef in signatories wie ondertekenen"
    )


def test_a_lower_case_signatory_is_warned_about_and_names_with_particles_or_titles_are_not(tmp_path: Path) -> None:
    award = _award(tmp_path, "      signatories: [P. de Graaf, gemachtigd, ir. S. Yilmaz, van Dijk]\n")
    out = tmp_path / "c"
    result = run_cli("contract", V / "i1.yaml", award, "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    warnings = [line for line in result.stderr.splitlines() if "ondertekenaar" in line]
    assert warnings == [
        "Waarschuwing: contract WSV-2027-014-01: ondertekenaar 'gemachtigd' begint met een kleine letter: ga na of "
        "dat een naam is. In een lijst tussen [ en ] splitst YAML op elke komma; is dit de functie van de "
        "ondertekenaar ervoor, zet dan elke ondertekenaar met naam en functie tussen aanhalingstekens, zoals "
        'signatories: ["P. de Graaf, directeur"]'
    ]


def test_the_quoted_signatories_sign_as_two(dike: Path) -> None:
    body = docx_text(next(dike.glob("*-overeenkomst-social-return.docx")))
    assert "P. de Graaf, directeur Dijkbouw Holland B.V. en S. Yilmaz, directeur Waterwerken Lek B.V." in body
    assert "S. Yilmaz en directeur" not in body


def test_english_messages_for_the_signatories(tmp_path: Path) -> None:
    award = _award(tmp_path, f"      signatories: {SPLIT}\n")
    result = run_cli("--lang", "en", "contract", V / "i1.yaml", award, "-o", tmp_path / "c")
    assert result.exit_code == 2
    assert "signatory 'directeur Dijkbouw Holland B.V.' is a function without a name" in result.stderr


# --- I MINOR-7: the memo's "per jaar" rounded once --------------------------------------------------------


def test_the_memo_divides_the_unrounded_person_years_by_the_term(tmp_path: Path) -> None:
    memo = tmp_path / "memo.docx"
    result = run_cli("explain", V / "i1.yaml", "--memo", "-o", memo, "--award", V / "i1-gunning.yaml")
    assert result.exit_code == 0, result.output + result.stderr
    body = _plain(docx_text(memo))
    # lot 2: € 90.000 / € 40.000 = 2,25 person-years, 2,2 shown; per year 2,25 / 2,5 = 0,9 (not 2,2 / 2,5 -> 0,8)
    assert "Evenredig: perceel 2: 0,9 indicatieve arbeidsjaren per jaar tegenover 7,5 arbeidsjaren per jaar" in body
    assert "perceel 2: 0,8 indicatieve" not in body
    assert "2,2\n0,9" in body
    assert ("naar beneden afgerond op een tiende; 'per jaar' deelt dat quotiënt vóór de afronding door de looptijd "
            "van 30 maanden en rondt dan één keer af.") in body  # fmt: skip


def test_the_per_year_figure_rounds_once() -> None:
    from decimal import Decimal

    from clausegen.api import prepare
    from clausegen.publish.proportion import check_lot, per_year

    prepared = prepare(V / "i1.yaml")
    plan, tender = prepared.plan, prepared.tender
    lots = {lot.id: lot for lot in plan.lots}
    assert lots["2"].person_years == Decimal("2.2")
    assert per_year(lots["2"], plan, tender) == Decimal("0.9")
    assert per_year(lots["1"], plan, tender) == Decimal("3.2")
    assert check_lot(lots["2"], plan, tender).per_year == Decimal("0.9")


# --- I TAAL-3: the letter that is the voornemen names the boete it intends ------------------------------

END = ("--peildatum", "2030-10-01", "--oplevering", "2030-02-28", "--melding", "2030-05-15", "--instemming", "4")
"""After the Hersteltermijn with a tekort of € 90.000,00 (reader I's i1-rapport-grens.csv): the letter is the voornemen."""


def _table_heads(path: Path) -> list[str]:
    import docx

    return [cell.text for table in docx.Document(str(path)).tables for cell in table.rows[0].cells]


def test_the_voornemen_letter_heads_its_column_voorgenomen_boete(dike: Path, tmp_path: Path) -> None:
    letter = tmp_path / "voornemen.docx"
    result = run_cli("realisatie", dike, V / "i1-rapport-grens.csv", *END, "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    heads = _table_heads(letter)
    assert "Voorgenomen boete" in heads and "Indicatieve boete" not in heads
    body = _plain(docx_text(letter))
    assert "de voorgenomen boete is € 90.000,00" in body and "Deze brief is het voornemen" in body
    # the terminal is no voornemen: its column and its sentence both say indicatief
    terminal = _plain(result.stdout)
    assert "Indicatieve boete" in terminal and "Voorgenomen boete" not in terminal
    assert "de indicatieve boete is € 90.000,00" in terminal


def test_a_letter_that_is_no_voornemen_keeps_indicatieve_boete(dike: Path, tmp_path: Path) -> None:
    letter = tmp_path / "geen-voornemen.docx"
    # without --melding the Hersteltermijn has not begun: a tekort, no voornemen
    result = run_cli("realisatie", dike, V / "i1-rapport-grens.csv", *END[:4], *END[6:], "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    heads = _table_heads(letter)
    assert "Indicatieve boete" in heads and "Voorgenomen boete" not in heads
    assert "Deze brief is het voornemen" not in _plain(docx_text(letter))


# --- I TAAL-4: the memo for the file names no internal ids or settings in its sentences ----------------


def test_the_memo_names_the_instruments_and_lists_the_settings_apart(tmp_path: Path) -> None:
    memo = tmp_path / "memo.docx"
    result = run_cli("explain", V / "i1.yaml", "--memo", "-o", memo, "--award", V / "i1-gunning.yaml")
    assert result.exit_code == 0, result.output + result.stderr
    body = _plain(docx_text(memo))
    assert ("instrumenten: de generieke maatregel, een plan van aanpak, de bouwblokken van de waardetabel, inkoop "
            "bij sociale ondernemingen (buy social)") in body  # fmt: skip
    assert "generieke-maatregel" not in body and "buy-social" not in body
    assert "(instelling" not in body and "(profielinstelling" not in body
    head, annex = body.split("Technische bijlage: instellingen\n")
    assert "outside_contract_max_percent" not in head and "buy_social_share_percent" not in head
    assert "telt samen voor ten hoogste 50% van de verplichting." in head
    assert annex.startswith(
        "De keuzes in dit memo volgen uit deze instellingen van profiel 'bouw' (versie 3), met de onderdelen van "
        "het memo die erop rusten: outside_contract_max_percent (Verband met het voorwerp van de opdracht); "
    )
    assert "buy_social_share_percent (PSO en Buy Social)" in annex
    assert "max_person_years_per_year_share (Evenredigheid)" in annex
    # the terminal is for the user and keeps the ids it can type
    explain = run_cli("explain", V / "i1.yaml")
    assert "instrumenten: generieke-maatregel, plan-van-aanpak, bouwblokken, buy-social" in explain.stdout
