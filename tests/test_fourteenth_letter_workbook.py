"""The thirteenth reading's points on the workbook and the realisation letter (readers E and F):
a per-call-off framework's workbook asks no Afroepwaarde and `--afroepwaarde` is refused there
(F MINOR-1); a toeslag a category withholds is not valued in the workbook (E MAJOR-2); the
Afroepwaarde is what is paid or owed (F MINOR-6); the letter per Nadere overeenkomst values and
does not establish during the term (F MINOR-3); support counts only with the consent (E MINOR-4);
the letter has a sender, an addressee, a date and a closing (E MINOR-6)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from conftest import FIXTURES, docx_text, run_cli, written_contract

ZEVENDE = FIXTURES / "zevende-lezing"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def ict(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seventh reading's ICT framework with three holders and the obligation per Nadere overeenkomst."""
    return written_contract(
        tmp_path_factory, ZEVENDE / "t4-min-ict.yaml", ZEVENDE / "t4-gunning.yaml", "2027-ICT-0412-1"
    )


def _all_text(book: openpyxl.Workbook) -> str:
    parts = []
    for sheet in book.worksheets:
        parts += [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
        for validation in sheet.data_validations.dataValidation:
            parts += [validation.prompt or "", validation.promptTitle or "", validation.error or ""]
    return "\n".join(parts)


def test_a_per_call_off_workbook_asks_no_afroepwaarde(ict: Path) -> None:
    book = openpyxl.load_workbook(ict / "2027-ICT-0412-1-verantwoording.xlsx")
    assert "cg_afroepwaarde" not in book.defined_names
    text = _all_text(book)
    assert "Afroepwaarde tot nu toe (excl. btw)" not in text
    assert "Leeg: de raming uit de bijlage geldt" not in text
    assert "raming_eur (indicatie)" not in text
    guide = "\n".join(str(c.value or "") for c in book["Toelichting"]["A"])
    assert "Afroepwaarde" not in guide
    sheet = book["Verplichting"]
    assert (
        "Verschuldigd is per Nadere overeenkomst het percentage van haar waarde; dit blad geeft alleen een "
        "indicatie voor al uw Nadere overeenkomsten samen." in _all_text(book)
    )
    assert sheet.max_column == 5  # perceel .. percentage, no column F or G


def test_afroepwaarde_on_a_per_call_off_contract_is_an_error(ict: Path) -> None:
    result = run_cli("realisatie", ict, ZEVENDE / "r-t4.csv", "--peildatum", "2031-10-31", "--afroepwaarde", "1155000")
    assert result.exit_code == 2
    assert (
        "bij contract 2027-ICT-0412-1 geldt de Social-returnverplichting per Nadere overeenkomst; daar telt geen "
        "Afroepwaarde, maar beslist de lijst van Nadere overeenkomsten (het blad Nadere overeenkomsten in de "
        "werkmap, of --nadere-overeenkomsten): laat --afroepwaarde weg" in result.stderr
    )
    assert "heeft een vaste verplichting" not in result.stderr


def test_the_api_refuses_an_afroepwaarde_per_call_off_too(ict: Path) -> None:
    from decimal import Decimal

    from clausegen.errors import ClausegenError
    from clausegen.realisation.api import realisatie

    with pytest.raises(ClausegenError) as caught:
        realisatie(ict, ZEVENDE / "r-t4.csv", "2031-10-31", call_off={"": Decimal("1155000")})
    assert caught.value.code == "realisation.call-off-per-call-off"


# --- E MAJOR-2: a toeslag the category withholds is not valued in the workbook --------------------

DERTIENDE = FIXTURES / "dertiende-lezing"


@pytest.fixture(scope="module")
def rvo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Reader E's RVO contract: categorie B withholds the 50+ toeslag (manifest `withheld_in`)."""
    out = tmp_path_factory.mktemp("rvo") / "c"
    result = run_cli("-q", "contract", DERTIENDE / "e1.yaml", DERTIENDE / "e1-gunning-a.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    return out / "RVO-2027-0088-01"


def test_the_workbook_does_not_value_a_toeslag_its_category_withholds(rvo: Path, tmp_path: Path) -> None:
    import datetime
    import json
    from decimal import Decimal

    from conftest import computed_invoer, require_soffice

    require_soffice()
    book = next(rvo.glob("*-verantwoording.xlsx"))
    rows = [
        (None, "K-01", "plaatsing-a", 36, datetime.datetime(2027, 10, 1), datetime.datetime(2028, 9, 30),
         "bonus-50-plus", None, "receptie"),
        (None, "K-02", "plaatsing-b", 36, datetime.datetime(2028, 1, 1), datetime.datetime(2028, 12, 31),
         "bonus-50-plus", None, "postkamer"),
        (None, "K-03", "plaatsing-b", 36, datetime.datetime(2028, 1, 1), datetime.datetime(2028, 12, 31),
         "bonus-50-plus, bonus-vast-contract", None, "magazijn"),
    ]  # fmt: skip
    filled = tmp_path / "ingevuld.xlsx"
    invoer = computed_invoer(book, rows, filled)
    header = invoer[0]
    values = [Decimal(r[header.index("waarde_eur")].replace(",", "")) for r in invoer[1:4]]
    manifest = json.loads((rvo / "manifest.json").read_text(encoding="utf-8"))
    blocks = {b["id"]: b for b in manifest["valuation"]["value_table"]["blocks"]}
    fixed = Decimal(blocks["bonus-vast-contract"]["value_eur"])
    # categorie A keeps the 50+ toeslag; in categorie B only the placement (and any other toeslag) counts
    assert values == [Decimal("50000.00"), Decimal("20000.00"), Decimal("20000.00") + fixed]
    result = run_cli("realisatie", rvo, filled, "--peildatum", "2031-01-01", "--json")
    assert result.exit_code == 0, result.output + result.stderr
    counted = [Decimal(r["value_eur"]) for r in json.loads(result.stdout)["rows"]]
    assert counted == values  # the workbook and realisatie agree


def test_the_toeslagen_column_note_says_which_toeslag_does_not_count_where(rvo: Path) -> None:
    import json

    book = openpyxl.load_workbook(next(rvo.glob("*-verantwoording.xlsx")))
    note = book["Invoer"]["G1"].comment.text
    article = json.loads((rvo / "manifest.json").read_text(encoding="utf-8"))["valuation"]["articles"][
        "bouwblokken.toeslagen"
    ]["article"]
    assert note == (
        "Toeslagen, alleen bij een plaatsing; gescheiden door komma's. Telt niet en vermeld daarom niet: "
        "toeslag bonus-50-plus niet bij plaatsing-b. In die categorie zou de toeslag laten zien tot welke groep "
        f"uit de Doelgroep de kandidaat behoort (artikel {article})."
    )


# --- F MINOR-6: the Afroepwaarde as the annex defines it -----------------------------------------


@pytest.fixture(scope="module")
def catering(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Reader F's catering framework: one holder, two lots, the obligation at framework level."""
    return written_contract(tmp_path_factory, DERTIENDE / "f2.yaml", DERTIENDE / "f2-gunning.yaml", "GU-2027-031-R1")


DEFINED = (
    "de waarde exclusief btw die op grond van uw Nadere overeenkomsten onder deze raamovereenkomst aan u is "
    "betaald of verschuldigd, met meer- en minderwerk"
)


def test_the_catering_workbook_asks_the_afroepwaarde_the_annex_defines(catering: Path) -> None:
    book = openpyxl.load_workbook(next(catering.glob("*-verantwoording.xlsx")))
    prompts = [
        v.prompt for v in book["Verplichting"].data_validations.dataValidation if v.promptTitle == "Afroepwaarde"
    ]
    assert prompts == [f"Uw Afroepwaarde tot nu toe: {DEFINED}, zoals 1500000. Leeg: de raming uit de bijlage geldt."]
    assert len(prompts[0]) <= 255  # Excel's limit for an input message
    guide = "\n".join(str(c.value or "") for c in book["Toelichting"]["A"])
    assert (
        "10. Afroepwaarde: vul op het blad 'Verplichting' in de kolom 'Afroepwaarde tot nu toe (excl. btw)' uw "
        f"Afroepwaarde tot nu toe in, zoals de bijlage haar omschrijft: {DEFINED}." in guide
    )
    assert "kreeg" not in _all_text(book)
    annex = docx_text(catering / "GU-2027-031-R1-raamovereenkomst-social-return.docx")
    assert "is betaald of verschuldigd, met meer- en minderwerk" in annex  # the definition quoted


# --- F MINOR-3: a letter per Nadere overeenkomst values; the vaststelling follows the sanction article


@pytest.fixture(scope="module")
def holder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Reader F's ICT framework, holder H1; the obligation per Nadere overeenkomst, with Afnemers."""
    return written_contract(tmp_path_factory, DERTIENDE / "f1.yaml", DERTIENDE / "f1-gunning.yaml", "PO-2027-ICT-07-H1")


def _sanction(folder: Path) -> int:
    import json

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return int(manifest["valuation"]["articles"]["monitoring.sancties"]["article"])


def _call_off_letter(folder: Path, target: Path, *args: str) -> str:
    result = run_cli("realisatie", folder, DERTIENDE / "f1-rapport.xlsx", "--nadere-overeenkomsten",
                     DERTIENDE / "f1-nadere-overeenkomsten.csv", *args, "-o", target)  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    return docx_text(target).replace(NBSP, " ")


VALUES = (
    "Deze brief waardeert elke Nadere overeenkomst uit de opgegeven lijst afzonderlijk, met haar eigen waarde en "
    "looptijd (tabel ‘Per Nadere overeenkomst’)."
)


def test_the_interim_letter_per_call_off_values_and_says_what_is_final(holder: Path, tmp_path: Path) -> None:
    text = _call_off_letter(holder, tmp_path / "tussen.docx", "--peildatum", "2029-12-31")
    article = _sanction(holder)
    assert (
        f"{VALUES} Voor een Nadere overeenkomst die op de peildatum is geëindigd, is dit de waardering van de "
        f"eindrapportage; de vaststelling volgt volgens artikel {article}. Voor een Nadere overeenkomst die nog "
        "loopt, zijn de bedragen een tussenstand." in text
    )
    assert "stelt elke Nadere overeenkomst" not in text and "afzonderlijk vast" not in text


def test_a_letter_before_any_call_off_ended_is_a_tussenstand(holder: Path, tmp_path: Path) -> None:
    text = _call_off_letter(holder, tmp_path / "vroeg.docx", "--peildatum", "2027-12-01")
    assert (
        f"{VALUES} De bedragen zijn een tussenstand: elke Nadere overeenkomst wordt na de eindrapportage daarover "
        f"vastgesteld, volgens artikel {_sanction(holder)}." in text
    )


def test_the_final_letter_per_call_off_is_the_valuation_for_the_decision(holder: Path, tmp_path: Path) -> None:
    text = _call_off_letter(holder, tmp_path / "eind.docx", "--peildatum", "2031-09-01", "--melding", "2031-05-01")
    assert (
        f"{VALUES} Dit is de waardering van de eindrapportage van elke Nadere overeenkomst; de vaststelling volgt "
        f"volgens artikel {_sanction(holder)}." in text
    )
    assert "stelt elke Nadere overeenkomst" not in text


def test_the_how_to_without_a_list_says_the_letter_values(ict: Path) -> None:
    result = run_cli("realisatie", ict, ZEVENDE / "r-t4.csv", "--peildatum", "2031-10-31")
    assert result.exit_code == 0, result.output + result.stderr
    out = result.stdout.replace(NBSP, " ")
    assert "dan waardeert de brief elke Nadere overeenkomst afzonderlijk." in out.replace("\n", " ")
    assert "dan stelt de brief elke Nadere overeenkomst afzonderlijk vast" not in out


# --- E MINOR-4: support counts only with the buyer's prior written consent -----------------------

SUPPORT_REPORT = """\
perceel;kandidaat;bouwblok;uren_per_week;van;tot;toeslagen;bedrag_eur;toelichting
;K-01;plaatsing-a;36;1-10-2027;30-9-2028;;;receptie
;;ondersteuning;4;1-1-2028;30-6-2028;;;taalles door eigen medewerkers
;;ondersteuning;;1-3-2028;31-3-2028;;3000;sollicitatietraining
"""


def _article(folder: Path, clause: str) -> int:
    import json

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return int(manifest["valuation"]["articles"][clause]["article"])


def test_the_letter_counts_support_subject_to_the_consent(rvo: Path, tmp_path: Path) -> None:
    report = tmp_path / "rapportage.csv"
    report.write_text(SUPPORT_REPORT, encoding="utf-8")
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", rvo, report, "--peildatum", "2029-01-01", "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    sentence = (
        "Ondersteuning (rijen 3 en 4) telt alleen mee als de Opdrachtgever vooraf schriftelijk heeft ingestemd met de "
        "bijdrage en met de reden waarom zij buiten de Opdracht plaatsvindt, en samen met werk elders in de "
        "onderneming ten hoogste voor het deel van de Social-returnverplichting dat artikel "
        f"{_article(rvo, 'algemeen.onderwerp')} noemt. Deze brief telt haar onder voorbehoud van die instemming; "
        "zonder instemming telt zij niet."
    )
    assert sentence in docx_text(letter).replace(NBSP, " ")
    assert sentence in " ".join(result.stdout.replace(NBSP, " ").split())


def test_a_letter_without_support_has_no_consent_caveat(rvo: Path, tmp_path: Path) -> None:
    report = tmp_path / "rapportage.csv"
    report.write_text(SUPPORT_REPORT.splitlines()[0] + "\n" + SUPPORT_REPORT.splitlines()[1] + "\n", encoding="utf-8")
    result = run_cli("realisatie", rvo, report, "--peildatum", "2029-01-01")
    assert result.exit_code == 0, result.output + result.stderr
    assert "onder voorbehoud van die instemming" not in result.stdout


# --- E MINOR-6: the letter has a sender, an addressee, a date and a closing; after the Hersteltermijn
# it is the voornemen, with the reaction period as a date

FINAL_REPORT = """\
perceel;kandidaat;bouwblok;uren_per_week;van;tot;toeslagen;bedrag_eur;toelichting
;K-01;plaatsing-a;36;1-10-2027;30-9-2029;;;receptie
"""


def _rvo_letter(rvo: Path, tmp_path: Path, *args: str) -> str:
    report = tmp_path / "rapportage.csv"
    report.write_text(FINAL_REPORT, encoding="utf-8")
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", rvo, report, *args, "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    return docx_text(letter).replace(NBSP, " ")


def test_every_letter_has_sender_addressee_date_and_closing(rvo: Path, tmp_path: Path) -> None:
    text = _rvo_letter(rvo, tmp_path, "--peildatum", "2029-09-30")
    heading = (
        "Van (Opdrachtgever): De Staat der Nederlanden (Ministerie van Economische Zaken)\n"
        "Aan (Opdrachtnemer): Facilicom Noord B.V.\n"
        "Datum: 30 september 2029\n"
        "Betreft: realisatie social return, contract RVO-2027-0088-01\n"
        "Geachte heer, mevrouw,\n"
        "Deze brief geeft de waarde van de verantwoording van Facilicom Noord B.V."
    )
    assert heading in text
    closing = (
        "Met vriendelijke groet,\nDe Staat der Nederlanden (Ministerie van Economische Zaken)\n"
        "Naam, functie en handtekening: ______________________________\nBerekend met clausegen"
    )
    assert closing in text
    # during the term it is no voornemen
    assert "Deze brief is het voornemen" not in text and "De bedragen in deze brief zijn indicatief." in text


def test_after_the_hersteltermijn_the_letter_is_the_voornemen_with_a_reaction_date(rvo: Path, tmp_path: Path) -> None:
    text = _rvo_letter(rvo, tmp_path, "--peildatum", "2033-01-15", "--melding", "2032-09-20")
    sanction = _article(rvo, "monitoring.sancties")
    assert (
        "is verstreken. Nog niet ingevuld: € 108.000,00; de voorgenomen boete is € 108.000,00 (100% van het tekort). "
        "Deze brief is het voornemen van de Opdrachtgever om de boete vast te stellen, met de berekening, zoals "
        f"artikel {sanction} bepaalt. De Opdrachtnemer kan tot en met 29 januari 2033 schriftelijk of in een gesprek "
        "daarop reageren; daarna beslist de Opdrachtgever met redenen." in text
    )
    # € 188.000 - 24 months x € 40.000 = € 108.000; 15 January + 2 weeks (hearing_weeks) = 29 January
    assert "Datum: 15 januari 2033" in text
    assert (
        "Het tekort is de verplichting min wat is ingevuld, met de inzet in de Hersteltermijn. Dit is de berekening "
        f"bij het voornemen volgens artikel {sanction}." in text
    )
    assert (
        "De bedragen in deze brief zijn de berekening bij het voornemen; de boete staat pas vast met de beslissing."
        in text
    )
    # the steps already taken are no longer announced as still to come
    assert "volgt pas na melding, Hersteltermijn, voornemen en beslissing" not in text
    assert "De Opdrachtgever stuurt eerst zijn voornemen" not in text
    assert "De bedragen in deze brief zijn indicatief." not in text
    assert "de vaststelling volgt volgens" not in text
    assert "de indicatieve boete is" not in text  # in the voornemen it is the voorgenomen boete


def test_during_the_hersteltermijn_the_letter_is_not_yet_the_voornemen(rvo: Path, tmp_path: Path) -> None:
    text = _rvo_letter(rvo, tmp_path, "--peildatum", "2032-11-01", "--melding", "2032-09-20")
    assert "Deze brief is het voornemen" not in text
    assert "volgt pas na melding, Hersteltermijn, voornemen en beslissing" in text


def test_a_letter_per_call_off_with_a_boete_is_the_voornemen_too(holder: Path, tmp_path: Path) -> None:
    text = _call_off_letter(holder, tmp_path / "eind.docx", "--peildatum", "2031-09-01", "--melding", "2031-05-01")
    assert (
        "Deze brief is het voornemen van de Opdrachtgever om de boete vast te stellen, met de berekening, zoals "
        f"artikel {_sanction(holder)} bepaalt. De Opdrachtnemer kan tot en met 15 september 2031 schriftelijk" in text
    )
    assert "Van (Opdrachtgever): Provincie Overijssel" in text
