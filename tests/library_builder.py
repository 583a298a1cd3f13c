"""Small clause libraries built in a test's tmp_path: one profile, value table and target group,
plus whatever clauses (sound or broken) a test needs."""

from __future__ import annotations

import textwrap
from pathlib import Path

CLAUSE_HEAD = """\
id: algemeen.proef
title: Proefbepaling
version: 1
status: approved
reviewed_by: Juridische Zaken
reviewed_on: 2026-11-01
instrument: algemeen
documents: [bijlage, overeenkomst, raamovereenkomst, plan-van-aanpak-formulier]
order: 100
"""
"""The head of a test clause `algemeen.proef`: its text follows."""

PROFILE = """\
id: schoonmaak
name: Schoonmaakdiensten
version: 1
owner: Categoriemanagement
kind: diensten
value_table: standaard
reference_block: categorie-a
target_groups: [participatiewet]
bands:
  - up_to: 250000
    instruments: []
    effort_clause: true
  - up_to: 5000000
    percentage: 5
    instruments: [generieke-maatregel]
  - percentage: 5
    instruments: [plan-van-aanpak]
    award_criterion: true
settings:
  min_groups_per_category: 1
"""
"""One target group in one category: the privacy minimum (review B2) is lowered to 1 so that the
tests of other checks see only their own problem."""

TABLE = """\
id: standaard
name: Standaard
blocks:
  - id: categorie-a
    label: Dienstverband categorie A
    kind: plaatsing
    value_eur: 40000
    target_groups: [participatiewet]
"""

GROUPS = """\
target_groups:
  - id: participatiewet
    label: Participatiewet
    description: Personen met een uitkering op grond van de Participatiewet.
"""


def clause_yaml(clause_id: str, text: str = "De Opdrachtnemer doet iets.\n", **fields: str) -> str:
    head = {
        "id": clause_id,
        "title": "Een bepaling",
        "version": "1",
        "status": "approved",
        "reviewed_by": "Juridische Zaken",
        "reviewed_on": "2026-11-01",
        "instrument": "algemeen",
        "documents": "[bijlage, overeenkomst]",
        "order": "100",
    }
    head.update(fields)
    lines = [f"{key}: {value}" for key, value in head.items() if value is not None]
    return "\n".join(lines) + "\ntext: |\n" + textwrap.indent(text, "  ")


def make_library(root: Path, clauses: dict[str, str], profile: str = PROFILE) -> Path:
    """A library with one profile, one value table, one target group and the given clauses."""
    for rel, content in {
        "profiles/schoonmaak.yaml": profile,
        "profiles/value-tables/standaard.yaml": TABLE,
        "profiles/target-groups/doelgroepen.yaml": GROUPS,
        **{f"clauses/{name}": body for name, body in clauses.items()},
    }.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    (root / "clauses").mkdir(exist_ok=True)
    return root
