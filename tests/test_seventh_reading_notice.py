"""The eForms text (BT-777) of frameworks (seventh legal reading MAJOR-2): with several holders
each owes the percentage of its own call-offs, and with the obligation per call-off nothing is
settled at framework level; the notice must say what the annex says, never an amount that no
contractor owes. Tenders of the reader's own: tests/fixtures/zevende-lezing/."""

from __future__ import annotations

import json

from conftest import EXAMPLES, FIXTURES, run_cli

ZEVENDE = FIXTURES / "zevende-lezing"


def _bt777(tender: object) -> list[str]:
    result = run_cli("notice", tender, "--json")
    assert result.exit_code == 0, result.output + result.stderr
    return [lot["BT-777"] for lot in json.loads(result.stdout)["lots"] if lot["BT-777"]]


def test_two_holders_each_owe_the_share_of_their_own_call_offs() -> None:
    first, second = _bt777(ZEVENDE / "t1-vr-facilitair.yaml")
    assert first.startswith(
        "Social return is een bijzondere uitvoeringsvoorwaarde voor perceel 1: elke opdrachtnemer realiseert "
        "inspanningswaarde ter hoogte van ten minste 5% van de waarde van de nadere overeenkomsten die aan hem worden "
        "gegund"
    )
    assert "Naar raming is dat voor alle opdrachtnemers samen € 160.000,00" in first.replace("\u00a0", " ")
    assert "geen opdrachtnemer is dat bedrag verschuldigd" in first
    assert "de opdrachtnemer realiseert ten minste €" not in first + second


def test_an_obligation_per_call_off_is_worded_per_call_off() -> None:
    (text,) = _bt777(ZEVENDE / "t4-min-ict.yaml")
    text = text.replace("\u00a0", " ")
    assert (
        "de verplichting geldt per nadere overeenkomst. Bij elke nadere overeenkomst van € 100.000,00 of meer" in text
    )
    assert "kleinere nadere overeenkomsten worden per opdrachtnemer per kalenderjaar gebundeld" in text
    assert "(alle opdrachtnemers samen) € 600.000,00" in text and "wordt niets vastgesteld" in text


def test_an_ordinary_contract_keeps_its_amount() -> None:
    first = _bt777(EXAMPLES / "schoonmaak-den-haag.yaml")[0].replace("\u00a0", " ")
    # inspanningswaarde, not money spent; and what a PSO certificate fills (ninth reading A MINOR-5)
    assert (
        "de opdrachtnemer realiseert ten minste € 75.000,00 aan inspanningswaarde (5% van de opdrachtwaarde van "
        "€ 1.500.000,00)"
    ) in first
    assert "Een PSO-certificaat vanaf trede 2 vult 50% van de verplichting in, zolang het geldig is." in first
