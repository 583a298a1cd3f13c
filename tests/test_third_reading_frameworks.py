"""Third legal reading (December 2026), frameworks and PSO: the lawyer's own tenders (T-RAAM, a
framework with 3 holders; T-GROEN, an overeenkomst whose winner has an expiring PSO certificate)
generated through the CLI and read back, tables included.

M-1 one term per meaning of "value" in a multi-holder framework; M-2 the plan-of-approach budget
has a stated base; M-6 a Proeftuin only adds to the scored plan; M-5 one rule for a late PSO
renewal; minors n-1, n-2, n-3, n-9, n-12, n-13."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_library, docx_text, run_cli

LEZING = FIXTURES / "derde-lezing"
BUNDEL = FIXTURES / "zevende-lezing" / "t1-vr-facilitair.yaml"
"""A framework whose plan is not an award criterion, so that its obligation may be bundled."""


def _plain(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text.replace("\u00a0", " "))


def _documents(tmp_path_factory: pytest.TempPathFactory, name: str) -> dict[str, str]:
    out = tmp_path_factory.mktemp(name)
    tender = LEZING / f"{name}.yaml"
    result = run_cli("generate", str(tender), "-o", str(out / "tender"))
    assert result.exit_code == 0, result.output
    result = run_cli("contract", str(tender), str(LEZING / f"{name}-gunning.yaml"), "-o", str(out / "gunning"))
    assert result.exit_code == 0, result.output
    return {p.stem: _plain(docx_text(p)) for p in sorted(out.rglob("*.docx"))}


@pytest.fixture(scope="module")
def raam(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """T-RAAM RVB-2027-FM3: € 12.000.000, 3 holders, plan of approach as award criterion."""
    return _documents(tmp_path_factory, "raam")


@pytest.fixture(scope="module")
def groen(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """T-GROEN GZW-2027-014: two lots, winner with PSO trede 2 valid until 30 September 2028."""
    return _documents(tmp_path_factory, "groen")


BIJLAGE = "RVB-2027-FM3-bijlage-social-return"
MODEL = "RVB-2027-FM3-raamovereenkomst-social-return"
FORM = "RVB-2027-FM3-plan-van-aanpak-formulier"
H1 = "RVB-2027-FM3-H1-raamovereenkomst-social-return"
H2 = "RVB-2027-FM3-H2-raamovereenkomst-social-return"
H3 = "RVB-2027-FM3-H3-raamovereenkomst-social-return"


def test_three_values_have_three_defined_terms_and_opdrachtwaarde_is_gone(raam: dict[str, str]) -> None:
    for name in (BIJLAGE, MODEL, H1, H2, H3):
        text = raam[name]
        assert "Geraamde waarde: de geraamde waarde van de Raamovereenkomst voor alle Opdrachtnemers samen" in text
        assert "€ 12.000.000,00. Zij dient alleen als raming" in text, name
        assert (
            "Indicatief aandeel: de Geraamde waarde gedeeld door het aantal Opdrachtnemers" in text
            and "(3), dat is € 4.000.000,00" in text
        )
        assert (
            "Afroepwaarde: de werkelijke waarde van de Nadere overeenkomsten die aan de Opdrachtnemer zijn gegund, "
            "dat is de waarde exclusief btw die op grond van zijn eigen Nadere overeenkomsten aan de Opdrachtnemer "
            "is betaald of verschuldigd, met meer- en minderwerk" in text
        )
        assert "Opdrachtwaarde:" not in text, name  # no fourth, ambiguous definition
        assert "maal de Opdrachtwaarde" not in text, name
        assert "van de Opdrachtwaarde" not in text, name
        assert "geraamde Opdrachtwaarde" not in text, name


def test_holder_contract_binds_the_percentage_of_its_own_call_offs(raam: dict[str, str]) -> None:
    h1 = raam[H1]
    assert "toegezegd ten minste 6,5% van de waarde van zijn eigen Nadere overeenkomsten (de Afroepwaarde)" in h1
    assert "6,5% van het Indicatief aandeel van € 4.000.000,00, dat is € 260.000,00." in h1
    assert "Indicatief aandeel excl. btw" in h1 and "Verplichting (raming)" in h1  # the Art. 5 table
    assert "\n€ 4.000.000,00\n6,5%\n€ 260.000,00\n" in h1
    assert "verschuldigd is het percentage maal de Afroepwaarde" in h1  # 5.1
    assert "dan is de Social-returnverplichting dat hogere percentage maal de waarde van zijn eigen Nadere" in h1
    assert "Raming social return over het Indicatief aandeel\n€ 260.000,00 (niet verschuldigd;" in h1  # cover
    h3 = raam[H3]
    assert "5,5% van het Indicatief aandeel van € 4.000.000,00, dat is € 220.000,00." in h3


def test_tender_annex_states_the_estimate_for_all_holders_and_the_share(raam: dict[str, str]) -> None:
    annex = raam[BIJLAGE]
    assert "Geraamde waarde excl. btw, alle Opdrachtnemers samen" in annex
    assert "Raming, alle Opdrachtnemers samen" in annex
    assert "5% van de Geraamde waarde van € 12.000.000,00, dat is € 600.000,00." in annex
    assert "Over het Indicatief aandeel van € 4.000.000,00 komt de Social-returnverplichting van één" in annex
    assert "naar verwachting uit op € 200.000,00" in annex
    for name in (BIJLAGE, FORM):  # n-13: nobody owes the total
        assert "Raming social return, alle Opdrachtnemers samen\n€ 600.000,00" in raam[name], name
        assert "Totale social-returnverplichting" not in raam[name], name


def test_plan_of_approach_budget_has_one_stated_base(raam: dict[str, str]) -> None:
    form, annex = raam[FORM], raam[BIJLAGE]
    base = "het Indicatief aandeel van € 4.000.000,00 aan Nadere overeenkomsten (de Geraamde waarde van € 12.000.000,00"
    for text in (form, annex):
        assert base in text
        assert "bij 5% is dat € 200.000,00" in text
    assert "Dat bedrag is alleen de maatstaf voor de begroting en de beoordeling, niet wat de Inschrijver" in form
    assert (
        "Percentage (ten minste 5%) en het bedrag over het Indicatief aandeel van € 4.000.000,00, exclusief btw" in form
    )
    assert "Een toezegging in euro's is daarom niet mogelijk" not in form
    assert "Percentage en bedrag aan Inspanningswaarde, exclusief btw" not in form
    assert "maal het Indicatief aandeel van € 4.000.000,00; bij het voorgeschreven percentage is dat ten minste" in form
    assert "Het totaal in de laatste regel is ten minste de Social-returnverplichting." not in form
    assert "Maatstaf voor de omvang en de begroting van het Plan van aanpak, en voor de beoordeling daarvan" in annex


def test_proeftuin_only_adds_with_consent_valued_by_the_value_table_and_capped(raam: dict[str, str]) -> None:
    for name in (BIJLAGE, H1, H2):
        text = raam[name]
        assert "Partijen kunnen vooraf schriftelijk afspreken dat de Opdrachtnemer een deel van" in text
        assert "telt samen voor ten hoogste 50% van de Social-returnverplichting mee" in text
        assert "op gelijke voorwaarden aan alle Opdrachtnemers van de Raamovereenkomst aan" in text
        assert "Een Proeftuin is een aanvulling op het Plan van aanpak en vervangt geen onderdeel daarvan" in text
        assert "telt mee volgens de Waardetabel en de telregels van Artikel" in text
        assert "het kan geen andere waarde of telregel vaststellen" in text
        assert "geheel of gedeeltelijk invult in een Proeftuin" not in text
        assert "zoals in het plan van de Proeftuin is bepaald" not in text


def test_afnemer_set_off_reports_and_bundling(raam: dict[str, str]) -> None:
    for name in (BIJLAGE, H1):
        text = raam[name]
        # n-1, tenth reading MAJOR-4: the withholding is a derdenbeding with a discharging payment
        assert "komen de Afnemer en de Opdrachtnemer ten behoeve van de Opdrachtgever overeen (derdenbeding" in text
        assert "bevrijdt de betaling van het ingehouden bedrag aan de Opdrachtgever de Afnemer" in text
        assert "de Afnemer werkt daaraan mee" not in text
        assert "en draagt het af aan de Opdrachtgever" not in text
        assert "zonder de regels per Kandidaat" in text  # n-2
        assert "ontvangt een afschrift van de rapportage" not in text
        # n-3 no longer applies here: the plan was scored at award, so nothing is bundled (lawyer9 MAJOR-1)
        assert "De Social-returnverplichting van deze Raamovereenkomst wordt niet gebundeld, ook niet met" in text
        assert "maar niet later dan" not in text and "behalve voor zover Artikel" not in text


def test_pso_definition_only_where_pso_counts(raam: dict[str, str], groen: dict[str, str]) -> None:
    h2 = raam[H2]  # PSO trede 3, but a plan of approach: PSO does not count (n-12)
    assert "PSO-certificaat: een geldig certificaat" not in h2
    assert "een certificaat van de Prestatieladder Socialer Ondernemen (PSO) niet mee" in h2
    contract = groen["GZW-2027-014-01-overeenkomst-social-return"]
    assert "PSO-certificaat: een geldig certificaat" in contract


def test_late_pso_renewal_has_one_rule_and_the_date_table_asks_for_the_renewal(groen: dict[str, str]) -> None:
    contract = groen["GZW-2027-014-01-overeenkomst-social-return"]
    rule = (
        "Een vernieuwd certificaat stuurt de Opdrachtnemer uiterlijk 4 weken na de ingangsdatum daarvan aan de "
        "Opdrachtgever; dan telt het mee vanaf die ingangsdatum. Ontvangt de Opdrachtgever het later, dan telt het "
        "pas mee vanaf de dag van ontvangst."
    )
    assert rule in contract  # M-5, in buy-social.pso; one deadline (fourth reading MINOR-6)
    assert "telt mee volgens het eerste lid van Artikel 16. Gaat het vernieuwde certificaat in op de dag na" in contract
    assert "tenzij de Opdrachtnemer vóór die datum een vernieuwd certificaat overlegt" not in contract
    assert "aansluit op het huidige (4 weken na die ingangsdatum, Artikel 16)\n29 oktober 2028" in contract  # n-9
    assert "Toezenden van een PSO-certificaat, als de Opdrachtnemer daarop een beroep doet" not in contract
    annex = groen["GZW-2027-014-bijlage-social-return"]
    assert "uiterlijk 4 weken na de ingangsdatum daarvan" in annex
    assert "Totale social-returnverplichting" in annex  # one contractor per lot: the plain label stays


def test_renewal_weeks_pilot_cap_and_bundling_limit_are_profile_settings(tmp_path: Path) -> None:
    library = tmp_path / "library"
    copy_library(library)
    profile = library / "profiles" / "facilitair.yaml"
    text = profile.read_text(encoding="utf-8")
    assert "\nsettings:\n" in text
    extra = "  pilot_max_percent: 25\n  bundle_max_months: 6\n  pso_renewal_weeks: 2\n"
    profile.write_text(text.replace("\nsettings:\n", "\nsettings:\n" + extra, 1), encoding="utf-8")
    for name, tender in (("raam", LEZING / "raam.yaml"), ("groen", LEZING / "groen.yaml"), ("bundel", BUNDEL)):
        result = run_cli("generate", str(tender), "-o", str(tmp_path / name), "--library", str(library))
        assert result.exit_code == 0, result.output
    annex = _plain(docx_text(tmp_path / "raam" / f"{BIJLAGE}.docx"))
    assert "telt samen voor ten hoogste 25% van de Social-returnverplichting mee" in annex
    bundel = _plain(docx_text(next((tmp_path / "bundel").glob("*-bijlage-social-return.docx"))))
    assert "maar niet later dan 6 maanden na het einde van deze Raamovereenkomst" in bundel
    groen = _plain(docx_text(tmp_path / "groen" / "GZW-2027-014-bijlage-social-return.docx"))
    assert "uiterlijk 2 weken na de ingangsdatum daarvan" in groen
