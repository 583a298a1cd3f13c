"""The motivating sections of the memo (lawyer M-9, m-24): the link with the subject matter, the
award criterion and how it is scored, frameworks with several holders, the Doelgroep and privacy,
and PSO and Buy Social. Every sentence follows from the plan, the profile, its settings or the
clause library of this tender; where the data cannot carry a reason, the memo says what the buyer
must still record, and never asserts it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .. import fmt
from ..api import Prepared
from ..blocks import Block, Para, Run
from ..documents.public_task import public_task_basis
from ..fmt import listing
from ..rules import LotPlan

CENT = Decimal("0.01")
SUBJECT_CLAUSE = "algemeen.onderwerp"
"""The clause that makes the link with the subject matter the rule; the memo cites its title."""
OUTCOMES = ("Uitstekend", "Goed", "Voldoende", "Matig", "Onvoldoende")
"""The judgements of the award scale, in the order of `settings.award_points`."""


def p(text: str, role: str = "body") -> Para:
    """A paragraph of one run in the memo."""
    return Para((Run(text),), role)  # type: ignore[arg-type]


def party(prepared: Prepared) -> str:
    """The contractor as the clauses name it (UAV 2012 for works)."""
    return "aannemer" if prepared.inputs.profile.kind == "werken" else "opdrachtnemer"


def _lots_phrase(prepared: Prepared, lots: tuple[LotPlan, ...]) -> str:
    """'' when the lots are all lots with an obligation (or the tender has none), else ' voor perceel 1 en 2'."""
    plan = prepared.plan
    if not plan.has_lots or len(lots) == len(plan.obligation_lots):
        return ""
    return f" voor {'perceel' if len(lots) == 1 else 'de percelen'} {listing([lot.id for lot in lots])}"


def subject_matter(prepared: Prepared) -> tuple[Block, ...]:
    """Why the condition relates to the subject matter of the contract (art. 2.80 Aw 2012)."""
    plan, tender, profile = prepared.plan, prepared.tender, prepared.inputs.profile
    settings = plan.settings
    kind = {"diensten": "een opdracht voor diensten", "werken": "een opdracht voor werken"}.get(
        profile.kind, "een opdracht voor leveringen"
    )
    blocks: list[Block] = [
        p(
            f"De opdracht is {kind} in de categorie {profile.name} (profiel '{profile.id}'). Social return "
            "is gesteld als bijzondere uitvoeringsvoorwaarde (artikel 2.80 Aanbestedingswet 2012): de "
            f"voorwaarde gaat over de manier waarop de {party(prepared)} de opdracht uitvoert, met het "
            "personeel dat hij daarvoor inzet, en niet over zijn onderneming in het algemeen."
        )
    ]
    if profile.rationale:
        blocks.append(p(f"Waarom social return bij deze categorie past (profiel): {profile.rationale}"))
    else:
        blocks.append(
            p(
                "Het profiel geeft geen toelichting (rationale); de aanbestedende dienst legt in het dossier "
                "vast welk werk bij de uitvoering van deze opdracht bij de Doelgroep past."
            )
        )
    if tender.labour_share is not None:
        blocks.append(
            p(
                f"Volgens de aanbesteding bestaat {fmt.percentage(tender.labour_share * 100)} van de waarde "
                "uit arbeid. De verplichting wordt ingevuld binnen die arbeid."
            )
        )
    extensive = [lot for lot in plan.obligation_lots if lot.labour_extensive]
    if extensive and profile.labour_extensive is not None:
        rule = profile.labour_extensive
        blocks.append(
            p(
                f"Omdat het aandeel arbeid lager is dan {fmt.percentage(rule.below_share * 100)}, geldt"
                f"{_lots_phrase(prepared, tuple(extensive))} het lagere percentage van "
                f"{fmt.percentage(rule.percentage)} uit het profiel."
            )
        )
    entry = prepared.library.clauses.get(SUBJECT_CLAUSE)
    if entry is not None:
        title = getattr(entry.item, "title", "Verband met de Opdracht")
        outside = ["een dienstverband, leerwerkplek of stageplaats elders in de onderneming"]
        if "buy-social" in plan.instruments:
            outside.append("inkoop bij een sociale onderneming voor de uitvoering van de opdracht")
        if "bouwblokken" in plan.instruments and prepared.inputs.table.has_kind("ondersteuning"):
            outside.append("ondersteuning uit de waardetabel voor de Doelgroep in de arbeidsmarktregio van de opdracht")
        blocks.append(
            p(
                f"Het artikel '{title}' van de bijlage maakt het verband de regel: de verplichting wordt "
                "ingevuld met werk bij de uitvoering van de opdracht, ook bij de voorbereiding, ondersteuning "
                "of administratie daarvan, en alleen inzet tijdens de looptijd telt mee. Uitzonderingen staan "
                f"op een gesloten lijst ({listing(outside)}). Werk buiten de opdracht vraagt vooraf schriftelijke "
                f"instemming van de opdrachtgever en telt samen voor ten hoogste "
                f"{fmt.percentage(settings.outside_contract_max_percent)} van de verplichting "
                "(instelling outside_contract_max_percent)."
            )
        )
    return tuple(blocks)


def award(prepared: Prepared) -> tuple[Block, ...]:
    """The award criterion: weight, scale and page limit, from the settings the annex prints."""
    plan = prepared.plan
    settings = plan.settings
    lots = tuple(lot for lot in plan.obligation_lots if lot.award_criterion)
    weight = settings.award_weight_percent
    aspects = settings.award_aspects
    points = settings.award_points
    scale = "; ".join(f"{name.lower()} {fmt.aantal(value)}" for name, value in zip(OUTCOMES, points, strict=True))
    per_lot = " van het perceel" if plan.has_lots else ""
    minimum = "ten minste het voorgeschreven percentage of een bedrag ter hoogte van de verplichting toezeggen"
    if plan.framework and (prepared.tender.suppliers or 1) > 1:  # each holder owes only its own share
        minimum = "ten minste het percentage bieden van de waarde van de nadere overeenkomsten die aan de inschrijver worden gegund"
    blocks: list[Block] = [
        p(
            f"Het Plan van aanpak is{_lots_phrase(prepared, lots)} een gunningscriterium. Het weegt "
            f"{fmt.percentage(weight)} van het totaal aantal punten{per_lot} (instelling award_weight_percent "
            f"van profiel '{plan.profile_id}'); de overige {fmt.percentage(Decimal(100) - weight)} gaat naar "
            "de andere criteria van de aanbesteding."
        ),
        p(
            f"De beoordelaar toetst het plan op {fmt.aantal(len(aspects))} aspecten, die even zwaar wegen: "
            f"{listing([a.name.lower() for a in aspects])}. Per aspect geeft hij een oordeel met punten: "
            f"{scale}. De score is de som van de punten, gedeeld door {fmt.aantal(len(aspects) * points[0])} "
            f"en vermenigvuldigd met {fmt.percentage(weight)}. Hij motiveert elk oordeel schriftelijk."
        ),
        p(
            f"De antwoorden beslaan samen ten hoogste {fmt.aantal(settings.plan_max_pages)} A4-pagina's "
            "(instelling plan_max_pages); de beoordelaar leest niet verder."
        ),
        p(
            f"Het plan moet {minimum}; dat is een minimumeis en levert geen punten op. Of de begroting die "
            "verplichting oplevert, weegt mee in de beoordeling en is geen minimumeis. Een hoger percentage levert geen extra punten op, omdat de beoordeling over de kwaliteit van "
            "het plan gaat; zegt de inschrijver het toch toe, dan is het na gunning bindend."
        ),
    ]
    return tuple(blocks)


def figures_heading(prepared: Prepared) -> str:
    """The heading of the memo's figures: in a framework they are an estimate (tenth reading MINOR-2)."""
    return "Geraamde waarde, schijf en raming" if prepared.plan.framework else "Grondslag, schijf en verplichting"


def framework(prepared: Prepared) -> tuple[Block, ...]:
    """A framework agreement: how the obligation is split over holders and call-offs."""
    plan, tender = prepared.plan, prepared.tender
    holders = tender.suppliers or 1
    per_lot = " per perceel" if plan.has_lots else ""
    blocks: list[Block] = []
    if holders > 1:
        blocks.append(
            p(
                f"De raamovereenkomst wordt{per_lot} gesloten met ten hoogste {fmt.aantal(holders)} "
                f"opdrachtnemers. De bedragen in de tabel onder '{figures_heading(prepared)}' en het "
                "totaal op het voorblad gelden voor de hele raamovereenkomst, voor alle houders samen: zij "
                "zijn een raming en geen verplichting van één houder. Elke houder heeft een eigen "
                "verplichting: het percentage maal de waarde van de nadere overeenkomsten die aan hem worden "
                "gegund. Geen houder is de verplichting van de hele raamovereenkomst of van een andere houder "
                "verschuldigd."
            )
        )
        for lot in plan.obligation_lots:
            share = (lot.obligation / Decimal(holders)).quantize(CENT, rounding=ROUND_HALF_UP)
            label = f"Perceel {lot.id}" if plan.has_lots else "De raamovereenkomst"
            blocks.append(
                p(
                    f"{label}: {fmt.euro(lot.obligation)} voor alle houders samen; bij een gelijke verdeling "
                    f"over {fmt.aantal(holders)} houders {fmt.euro(share)} per houder (indicatie, als zodanig "
                    "niet verschuldigd).",
                    "bullet",
                )
            )
        blocks.append(_interim(prepared))
    else:
        blocks.append(p(f"De raamovereenkomst wordt{per_lot} gesloten met één {party(prepared)}."))
        if plan.obligation_level == "raamovereenkomst":  # the annex's test holds for one holder too
            blocks.append(_interim(prepared))
    if plan.obligation_level == "nadere-overeenkomst":
        blocks.append(
            p(
                "De verplichting volgt per nadere overeenkomst (profielinstelling obligation_level): elke "
                "nadere overeenkomst krijgt het percentage over haar eigen waarde. Een nadere overeenkomst van "
                f"minder dan {fmt.euro(plan.settings.call_off_min_eur)} heeft geen eigen verplichting; haar "
                "bedrag telt mee in één gebundelde verplichting per kalenderjaar (instelling call_off_min_eur), "
                "zodat kleine opdrachten geen onevenredige rapportage vragen."
            )
        )
    else:
        blocks.append(
            p(
                "De verplichting geldt voor de raamovereenkomst als geheel (profielinstelling obligation_level): "
                "een nadere overeenkomst heeft geen eigen verplichting. Omdat vooraf niet vaststaat hoeveel "
                "nadere overeenkomsten worden gesloten, stelt de opdrachtgever het bedrag aan het einde vast op "
                "de werkelijke waarde ervan."
            )
        )
    return tuple(blocks)


def _interim(prepared: Prepared) -> Para:
    """The interim test of a framework at framework level as the annex's clause monitoring.evaluatie
    (v6) sets it (twelfth reading D MINOR-9): the elapsed share of the term times the larger of the
    raming and the obligation over the call-offs concluded so far, never more than the latter; the
    test is `interim_percent` of that. Stated as the conscious choice it is (fifth reading MINOR-3)."""
    plan, settings, months = prepared.plan, prepared.plan.settings, prepared.tender.duration_months
    share = fmt.percentage(settings.interim_percent)
    if plan.obligation_level == "nadere-overeenkomst":
        return _interim_per_call_off(prepared)
    several = (prepared.tender.suppliers or 1) > 1
    who = "de houder" if several else f"de {party(prepared)}"
    raming = "de raming over zijn Indicatief aandeel" if several else "de raming"
    per_lot = " per perceel" if plan.has_lots else ""
    text = (
        f"Tussentijdse toets: bij een evaluatie toetst de opdrachtgever{per_lot} of {who} ten minste {share} "
        "(instelling interim_percent) heeft gerealiseerd van het verwachte bedrag. Het verwachte bedrag is het "
        "laagste van twee bedragen: (a) het verstreken deel van de looptijd van de raamovereenkomst maal "
        f"{raming}, of maal de verplichting over de nadere overeenkomsten die tot dan toe zijn gesloten als die "
        "hoger is; (b) die verplichting zelf. Zij is al berekend over de nadere overeenkomsten tot dan toe, zodat "
        "het verstreken deel van de looptijd maar één keer meetelt. "
    )
    if months > 12:
        elapsed = fmt.percentage((Decimal(1200) / Decimal(months)).quantize(Decimal("0.1")))
        first_year = fmt.percentage((settings.interim_percent * Decimal(12) / Decimal(months)).quantize(Decimal("0.1")))
        text += (
            f"Na het eerste jaar van deze raamovereenkomst van {fmt.aantal(months)} maanden is het verstreken deel "
            f"{elapsed}. Is de verplichting over de gesloten nadere overeenkomsten dan niet hoger dan {elapsed} "
            "van de raming, zoals bij een afroep in het tempo van de raming, dan is het verwachte bedrag die "
            f"verplichting zelf en vraagt de toets {share} daarvan. Is zij hoger, dan is het verwachte bedrag "
            f"{elapsed} van de raming, of van die verplichting als zij ook de raming overschrijdt, en vraagt de "
            f"toets {first_year} daarvan. "
        )
    text += (
        f"Minder dan {share} van de verplichting over de gesloten nadere overeenkomsten vraagt de toets dus alleen "
        "als de afroep voorloopt op de raming. De aanbestedende dienst kiest dit bewust, of verscherpt de "
        "maatstaf: de verplichting over de nadere overeenkomsten die tot de "
        f"evaluatie zijn uitgevoerd, naar rato van het deel van hun eigen looptijd dat is verstreken. De marge "
        f"van {share} laat ruimte voor de aanloop: plaatsingen komen doorgaans pas enkele maanden na de start op "
        f"gang. De toets is een signaal en geen sanctie: blijft de realisatie achter, dan legt {who} vast hoe "
        "hij de achterstand inhaalt, en een achterstand geeft geen recht op een boete of schadevergoeding "
        "(bijlage, artikel over de evaluatie)."
    )
    return p(text)


def _interim_per_call_off(prepared: Prepared) -> Para:
    """The interim test where the obligation lives per call-off (seventh MAJOR-1): each call-off is
    tested against its own obligation and its own term; the framework has no test of its own."""
    settings = prepared.plan.settings
    share = fmt.percentage(settings.interim_percent)
    return p(
        "Tussentijdse toets: de verplichting geldt per nadere overeenkomst, en zo ook de toets. Bij een evaluatie "
        f"toetst de opdrachtgever per nadere overeenkomst van {fmt.euro(settings.call_off_min_eur)} of meer of de "
        f"houder ten minste {share} (instelling interim_percent) heeft gerealiseerd van de verplichting van die "
        "nadere overeenkomst, vermenigvuldigd met het deel van haar eigen looptijd dat is verstreken. Voor de "
        "kleinere nadere overeenkomsten geldt dezelfde toets voor hun gebundelde verplichting van het kalenderjaar. "
        "Een voorsprong op de ene nadere overeenkomst vult een achterstand op een andere niet aan; op het niveau "
        f"van de raamovereenkomst wordt niet getoetst. De marge van {share} laat ruimte voor de aanloop. De toets "
        "is een signaal en geen sanctie: blijft de realisatie achter, dan legt de houder vast hoe hij de "
        "achterstand inhaalt, en een achterstand geeft geen recht op een boete of schadevergoeding (bijlage, "
        "artikel over de evaluatie)."
    )


def _buy_social_cap_reason(cap: Decimal) -> str:
    """Why Buy Social may fill this share (lawyer6 MINOR-4): the whole, because such a purchase
    creates work for the Doelgroep in the chain of the contract (DOMAIN.md §4), or a part, so that
    the rest is delivered in the contract itself."""
    if cap >= 100:
        return (
            ", omdat inkoop bij een sociale onderneming voor de uitvoering van de opdracht werk oplevert voor "
            "mensen met een afstand tot de arbeidsmarkt in de keten van deze opdracht"
        )
    return ", zodat de rest van de verplichting met inzet bij de opdracht zelf wordt ingevuld"


def privacy(prepared: Prepared) -> tuple[Block, ...]:
    """The Doelgroep of this tender and how reporting keeps the groups of candidates hidden."""
    inputs, tender = prepared.inputs, prepared.tender
    settings = inputs.plan.settings
    names = [group.label for group in inputs.groups]
    in_profile = len(inputs.profile.target_groups)
    if tender.target_groups:
        blocks: list[Block] = [
            p(
                f"De aanbesteding beperkt de Doelgroep tot {fmt.aantal(len(names))} van de "
                f"{fmt.aantal(in_profile)} groepen van het profiel: {listing(names)}. De aanbestedende dienst "
                "legt in het dossier vast waarom de opdracht juist deze groepen vraagt; de bijlage en de "
                "waardetabel noemen alleen deze groepen."
            )
        ]
    else:
        blocks = [p(f"De Doelgroep is die van het profiel: {listing(names)}.")]
    wanted = {group.id for group in inputs.groups}
    for block in inputs.table.blocks:
        if block.kind == "plaatsing" and block.target_groups:
            members = [g.label for g in inputs.groups if g.id in block.target_groups and g.id in wanted]
            if members:
                blocks.append(p(f"{block.label}: {listing(members)}.", "bullet"))
    blocks.append(
        p(
            f"De {party(prepared)} rapporteert per categorie uit de waardetabel, met pseudonieme nummers. Elke "
            f"plaatsingscategorie omvat ten minste {fmt.aantal(settings.min_groups_per_category)} groepen van "
            "de Doelgroep (instelling min_groups_per_category), zodat de categorie niet verraadt tot welke "
            "groep een kandidaat behoort (artikel 5, eerste lid, onder c AVG). "
            + _special_data(prepared)
            + " De opdrachtgever bewaart de gegevens ten hoogste "
            f"{fmt.aantal(settings.retention_years)} jaar na de vaststelling (instelling retention_years)."
        )
    )
    # the privacy article's text (lawyer5 MINOR-11), in the memo's lower case (thirteenth reading E TAAL-3)
    basis = public_task_basis(tender, settings).replace("de Opdrachtgever", "de opdrachtgever")
    blocks.append(
        p(
            "De opdrachtgever verwerkt de gegevens op grond van artikel 6, eerste lid, onder e en derde lid "
            f"AVG, in samenhang met {basis}."
        )
    )
    return tuple(blocks)


def _special_data(prepared: Prepared) -> str:
    """What the categories can and cannot show about health or a criminal past (art. 9 and 10
    AVG), stated no more absolutely than the rule of `min_groups_outside_sensitive_kind` delivers
    (lawyer's fourth reading MAJOR-1): `prepare` refuses a Doelgroep that breaks the rule, so at
    2 or more the rule holds for every category of this tender."""
    inputs = prepared.inputs
    minimum = inputs.plan.settings.min_groups_outside_sensitive_kind
    sensitive = [group.label for group in inputs.groups if group.avg is not None]
    if not sensitive:
        return (
            "Uit geen van de groepen van de Doelgroep blijkt een gegeven over de gezondheid of een "
            "strafrechtelijk verleden; de opdrachtgever ontvangt geen bijzondere persoonsgegevens of "
            "strafrechtelijke gegevens (artikelen 9 en 10 AVG)."
        )
    if "bouwblokken" not in inputs.plan.instruments:
        return (
            "Zonder bouwblokken meldt de opdrachtnemer geen categorie uit de waardetabel; de opdrachtgever "
            "ontvangt geen gegeven waaruit de groep van een kandidaat blijkt, en dus geen bijzondere "
            "persoonsgegevens of strafrechtelijke gegevens (artikelen 9 en 10 AVG)."
        )
    kinds, are = listing(sensitive), "zijn" if len(sensitive) > 1 else "is"
    if minimum < 2:
        return (
            f"De instelling min_groups_outside_sensitive_kind staat op {fmt.aantal(minimum)}: een categorie kan "
            "erop wijzen dat uit de groep van een kandidaat een gegeven over de gezondheid of een "
            f"strafrechtelijk verleden blijkt (artikelen 9 en 10 AVG; in deze Doelgroep: {kinds}). De "
            "aanbestedende dienst legt in het dossier vast op welke grond hij dat gegeven mag verwerken."
        )
    return (
        "Elke categorie met een groep waaruit een gegeven over de gezondheid of een strafrechtelijk verleden "
        f"kan blijken, bevat ten minste {fmt.aantal(minimum)} groepen waaruit zo'n gegeven niet blijkt "
        "(instelling min_groups_outside_sensitive_kind). Groepen waaruit zo'n gegeven blijkt, tellen daarvoor "
        f"niet als groep van een andere soort; in deze Doelgroep {are} dat {kinds}. De categorie laat zo'n "
        "gegeven dus niet met zekerheid zien, en de opdrachtgever ontvangt geen opgave van de groep, de "
        "gezondheid of het strafrechtelijk verleden van een kandidaat (artikelen 9 en 10 AVG). Wie de persoon "
        "kent, kan uit de categorie nog wel een vermoeden afleiden; daarom gebruikt de opdrachtgever de "
        "categorie alleen om de inspanningswaarde vast te stellen en verbindt hij haar niet met andere "
        "gegevens over de kandidaat."
    )


def pso_buy_social(prepared: Prepared) -> tuple[Block, ...]:
    """Whether and how far a PSO certificate and purchases from social enterprises count (m-24)."""
    plan, profile = prepared.plan, prepared.inputs.profile
    settings = plan.settings
    blocks: list[Block] = []
    reason = (
        "het keurmerk de sociale inzet van de hele onderneming meet en niet die bij deze opdracht, terwijl "
        "een keurmerkeis verband moet houden met het voorwerp van de opdracht (artikel 2.78 en volgende "
        "van de Aanbestedingswet 2012)"
    )
    if profile.pso is None:
        blocks.append(
            p(
                f"Een PSO-certificaat telt niet mee voor de verplichting (het profiel aanvaardt het niet), omdat {reason}."
            )
        )
    else:
        plain = tuple(lot for lot in plan.obligation_lots if "plan-van-aanpak" not in lot.instruments)
        planned = tuple(lot for lot in plan.obligation_lots if "plan-van-aanpak" in lot.instruments)
        level = profile.pso.accepted_from.replace("-", " ")
        share = fmt.percentage(settings.pso_share_percent)
        if plain:
            blocks.append(
                p(
                    f"Een PSO-certificaat op ten minste het niveau {level} telt{_lots_phrase(prepared, plain)} "
                    f"voor ten hoogste {share} van de verplichting mee (instelling pso_share_percent), omdat "
                    f"{reason}. De rest wordt in de opdracht zelf geleverd. Het certificaat telt alleen voor de "
                    "periode dat het geldig is en voor de vestigingen die de opdracht uitvoeren. Een gelijkwaardig "
                    "keurmerk of ander bewijs wordt aanvaard (artikel 2.78 en volgende van de "
                    "Aanbestedingswet 2012)."
                )
            )
        if planned:
            blocks.append(
                p(
                    f"Waar een Plan van aanpak geldt{_lots_phrase(prepared, planned)}, telt een PSO-certificaat "
                    "niet mee: het plan beschrijft de inzet bij deze opdracht zelf."
                )
            )
    buy = [lot for lot in plan.obligation_lots if "buy-social" in lot.instruments]
    if buy:
        blocks.append(
            p(
                f"Inkoop bij een sociale onderneming (Buy Social) telt mee{_lots_phrase(prepared, tuple(buy))}: "
                f"{fmt.percentage(settings.buy_social_share_percent)} van het loonkostendeel van de factuur, "
                "exclusief btw (instelling buy_social_share_percent); materiaal en overhead tellen niet. Buy "
                f"Social vult ten hoogste {fmt.percentage(settings.buy_social_max_percent)} van de verplichting "
                f"(instelling buy_social_max_percent){_buy_social_cap_reason(settings.buy_social_max_percent)}; "
                "dat staat vast in de aanbesteding en verandert na gunning niet, zodat elke inschrijver onder "
                "dezelfde voorwaarde inschrijft (gelijke behandeling, artikel 1.8 Aanbestedingswet 2012). Een "
                "sociale onderneming heeft ten minste "
                f"{fmt.percentage(settings.social_enterprise_min_percent)} van haar personeel uit mensen met een "
                "afstand tot de arbeidsmarkt (instelling social_enterprise_min_percent). Boven "
                f"{fmt.euro(settings.buy_social_audit_eur)} loonkostendeel per rapportageperiode is een "
                "verklaring van een accountant nodig."
            )
        )
    else:
        blocks.append(p("Inkoop bij een sociale onderneming (Buy Social) is geen instrument van deze schijf."))
    return tuple(blocks)
