"""The Dutch words of the workbook: how to fill it in, the counting rules of the contract, and
the privacy rule. Kept apart from the layout so the text can be read and reviewed as text."""

from __future__ import annotations

from decimal import Decimal

from ..fmt import datum, euro
from .terms import Terms

INDICATIVE = (
    "De bedragen in deze werkmap zijn een indicatie voor uzelf. De Opdrachtgever stelt de waarde "
    "vast met de telregels van het contract (clausegen realisatie); daarbij tellen ook het maximum "
    "per kandidaat over al zijn regels en overlap tussen regels van dezelfde kandidaat."
)


def _n(value: Decimal) -> str:
    """`36`, `18,5`: a figure without trailing zeros, with a decimal comma."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def guide_lines(terms: Terms) -> list[tuple[str, str]]:
    """The instruction sheet, line by line: ("head", text) or ("text", text)."""
    hours = _n(terms.hours_per_week)
    lots = ", ".join(lot.id for lot in terms.lots) if terms.has_lots else ""
    lines: list[tuple[str, str]] = [
        (
            "text",
            f"Opdrachtnemer: {terms.contractor.removesuffix('.')}. Looptijd: {datum(terms.start_date)} tot en met "
            f"{datum(terms.end_date)}. Social-returnverplichting: {euro(terms.obligation_eur)}.",
        ),  # fmt: skip
        ("text", ""),
        ("head", "Zo vult u de werkmap in"),
        (
            "text",
            "1. Vul alleen het blad 'Invoer' in: één regel per dienstverband, leerwerkplek, inkoop of "
            "ondersteuning. Laat de kopregel staan en verander de kolommen niet.",
        ),
        (
            "text",
            "2. perceel: "
            + (
                f"het perceel waarvoor de inzet telt ({lots})."
                if terms.has_lots
                else "laat leeg; dit contract heeft geen percelen."
            ),
        ),  # fmt: skip
        (
            "text",
            "3. kandidaat: uw eigen nummer voor de persoon, zoals K-001. Gebruik voor dezelfde persoon "
            "steeds hetzelfde nummer. Leeg bij inkoop en ondersteuning.",
        ),
        ("text", "4. bouwblok: kies uit de lijst (zie het blad 'Waardetabel')."),
        ("text", f"5. uren_per_week: de uren volgens het contract met de kandidaat; voltijd is {hours} uur."),
        ("text", "6. van en tot: de eerste en de laatste dag (beide tellen mee), als datum, zoals 1-4-2027."),
        ("text", "7. toeslagen: alleen bij een plaatsing; kies uit de lijst of typ ze gescheiden door komma's."),
        (
            "text",
            "8. bedrag_eur: bij inkoop het loonkostendeel van de factuur en bij ondersteuning de kosten, "
            "steeds exclusief btw. Bij ondersteuning in uren laat u het bedrag leeg en vult u "
            "uren_per_week, van en tot in.",
        ),
        ("text", "9. toelichting: een korte omschrijving van de inzet, zonder gegevens over de persoon."),
        (
            "text",
            "Lever de werkmap in als .xlsx. Een .csv met dezelfde kolommen (gescheiden door puntkomma's "
            "of komma's; datums als 1-4-2027 of 2027-04-01; bedragen met een decimale komma) mag ook.",
        ),
        ("text", ""),
        ("head", "Privacy"),
        (
            "text",
            "Vul nooit een naam, BSN, geboortedatum, adres of gegevens over gezondheid, een uitkering of "
            "een strafrechtelijk verleden in. De kandidaat is alleen uw eigen kandidaatnummer; het bewijs "
            "(contracten, loonstroken, verklaringen) houdt u zelf bij en laat u op verzoek inzien. Een "
            "regel met iets dat op een BSN lijkt, wordt geweigerd.",
        ),
        ("text", ""),
        ("head", "Zo telt de inzet (de telregels van het contract)"),
        (
            "text",
            f"- Een plaatsing of leerwerkplek telt voor de waarde van het bouwblok × (uren per week / "
            f"{hours}, ten hoogste 1) × (maanden / 12). De maanden zijn de kalendermaanden van van tot en "
            "met tot binnen de looptijd; een deel van een maand telt als het aantal dagen gedeeld door "
            "de dagen van die maand.",
        ),
        (
            "text",
            f"- Een kandidaat telt ten hoogste {terms.max_months_per_candidate} maanden mee, over al zijn "
            "regels samen, in volgorde van datum. Overlappen twee regels van dezelfde kandidaat, dan telt "
            "de overlap één keer (bij de eerdere regel).",
        ),
        (
            "text",
            "- Een toeslag telt alleen bij een plaatsing, met dezelfde uren en maanden als die plaatsing, "
            "en elke toeslag één keer per regel.",
        ),
        (
            "text",
            f"- Inkoop bij een Sociale onderneming telt voor {_n(terms.buy_social_share_percent)}% van het "
            "loonkostendeel van de factuur, exclusief btw.",
        ),
        (
            "text",
            f"- Ondersteuning telt voor de kosten exclusief btw, of voor de uren × "
            f"{euro(terms.hourly_value_eur)}; de uren zijn uren_per_week × (dagen van van tot en met "
            "tot) / 7.",
        ),
        (
            "text",
            "- Een regel buiten de looptijd, voor een perceel dat niet bij dit contract hoort of met een "
            "bouwblok buiten de Doelgroep telt niet. Elke waarde wordt afgerond op hele centen.",
        ),
        ("text", ""),
        *_example(terms),
        ("text", ""),
        ("head", "De bedragen in de werkmap"),
        ("text", INDICATIVE),
    ]
    return lines


def _example(terms: Terms) -> list[tuple[str, str]]:
    """The worked example of the counting rule, on a placement block of this contract's table."""
    block = next((b for b in terms.blocks if b.kind == "plaatsing" and b.allowed and b.value_eur), None)
    if block is None or block.value_eur is None:
        return []
    hours = _n(terms.hours_per_week)
    return [
        ("head", "Voorbeeld"),
        ("text", f"Een kandidaat werkt van 1 januari tot en met 30 juni (zes kalendermaanden) de helft van {hours} "
                 f"uur per week in het bouwblok '{block.id}' ({euro(block.value_eur)} per voltijd jaar). Dat telt "
                 f"voor {euro(block.value_eur)} × 1/2 × 6/12 = {euro(block.value_eur / 4)}: een vierde van de "
                 "waarde van het bouwblok."),
        ("text", ""),
    ]  # fmt: skip


def column_notes(terms: Terms) -> list[str]:
    """A short note per column of the input sheet (shown on the column's heading)."""
    return [
        "Perceel van dit contract." if terms.has_lots else "Leeg laten: dit contract heeft geen percelen.",
        "Uw eigen kandidaatnummer (bijvoorbeeld K-001). Nooit een naam of BSN.",
        "Bouwblok uit de waardetabel van het contract.",
        f"Uren per week volgens het arbeidscontract (voltijd: {_n(terms.hours_per_week)}).",
        "Eerste dag (telt mee), bijvoorbeeld 1-4-2027.",
        "Laatste dag (telt mee), bijvoorbeeld 31-3-2028.",
        "Toeslagen, alleen bij een plaatsing; gescheiden door komma's.",
        "Bij inkoop het loonkostendeel van de factuur, bij ondersteuning de kosten; exclusief btw.",
        "Korte omschrijving van de inzet, zonder gegevens over de persoon.",
    ]
