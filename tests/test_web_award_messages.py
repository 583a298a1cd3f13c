"""The award step lists its problems the way every page of the web form does
(`web/messages.shown`): the key path and the message, at most `CLAUSEGEN_MAX_ERRORS` of them and
then "en nog N", and no placeholder file name, because the award comes from the form."""

from __future__ import annotations

import lxml.html
import pytest
from conftest import browser_client
from test_web_award import CONTRACTS, TENDER_FORM

from clausegen.web.app import create_app


def _problems(data: dict[str, str]) -> list[str]:
    response = browser_client(create_app()).post("/award/contracts", data=data)
    assert response.status_code == 422
    items: list[str] = lxml.html.fromstring(response.data).xpath("//div[@id='award-errors']//li/text()")
    return items


def test_many_problems_stop_at_the_limit_with_en_nog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUSEGEN_MAX_ERRORS", "2")
    bad = {"contract-0-kvk": "1", "contract-1-kvk": "2", "contract-0-start_date": "gisteren"}
    problems = _problems({**TENDER_FORM, **CONTRACTS, **bad})
    assert problems == [
        'contracts.0.contractor.kvk: het KvK-nummer bestaat uit precies 8 cijfers, bijvoorbeeld "12345678"',
        "contracts.0.start_date: Vul een bestaande datum in als JJJJ-MM-DD, bijvoorbeeld 2026-03-01.",
        "en nog 1 (run `clausegen check` of verbeter eerst deze)",
    ]


def test_a_problem_against_the_tender_has_no_file_name() -> None:
    problems = _problems({**TENDER_FORM, **CONTRACTS, "award_date": "2026-01-01"})
    assert problems == [
        "award_date: de datum van gunning 2026-01-01 ligt vóór de publicatiedatum 2026-12-01; controleer award_date"
    ]
