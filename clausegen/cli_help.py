"""The examples every `clausegen COMMAND --help` ends with (plain data; `cli.py` attaches them).

Kept apart from the click layer so the commands stay short and a test can see that every command,
also a new one, has its examples."""

from __future__ import annotations

T = "examples/schoonmaak-den-haag.yaml"
A = "examples/schoonmaak-den-haag-gunning.yaml"

EXAMPLES: dict[str, tuple[str, ...]] = {
    "generate": (
        f"clausegen generate {T} -o out",
        f"clausegen generate {T} -o out --into leidraad.docx --template huisstijl.docx",
        f"clausegen -q generate {T} -o out --json > manifest.json",
    ),
    "calc": (
        f"clausegen calc {T}",
        f"clausegen calc {T} --json",
        f"clausegen calc {T} --award {A}",
    ),
    "explain": (
        f"clausegen explain {T}",
        f"clausegen explain {T} --json",
        f"clausegen explain {T} --memo -o motivering.docx",
    ),
    "contract": (f"clausegen contract {T} {A} -o contracten",),
    "notice": (f"clausegen notice {T}", f"clausegen notice {T} --json"),
    "verify": ("clausegen verify out/2026-0142-bijlage-social-return.docx",),
    "list": ("clausegen list profiles", "clausegen list clauses --json"),
    "check": (
        "clausegen check                      # the library of the folder you stand in",
        "clausegen check --library ../bibliotheek --json",
        "clausegen check --documents out",
    ),
    "preview": (
        "clausegen preview monitoring.sancties",
        f"clausegen preview monitoring.sancties --tender {T} -o sancties.docx",
    ),
    "diff": (
        "clausegen diff HEAD~1 HEAD -o redline.docx",
        "clausegen diff oude-bibliotheek nieuwe-bibliotheek -o redline.docx --date 2026-12-01",
    ),
    "schema": ("clausegen schema -o .schemas", "clausegen schema > schemas.json"),
    "batch": (
        "clausegen batch examples/schoonmaak-den-haag.yaml examples/bouw-fietsbrug.yaml -o batch",
        "clausegen batch aanbestedingen/*.yaml -o batch --jobs 2 --json",
    ),
    "realisatie": (
        "clausegen realisatie contracten/2026-0142-P2 verantwoording.xlsx --peildatum 2029-04-01",
        "clausegen realisatie contracten/2026-0142-P2 verantwoording.csv --json -o brief.docx",
        "clausegen realisatie contracten/2026-0142-P2 eind.xlsx --peildatum 2031-09-01 --melding 2031-05-15 -o brief.docx",
    ),
    "serve": ("clausegen serve", "clausegen serve --port 8080 --library ../bibliotheek"),
    "register": (
        "clausegen register add contracten/2026-0142-P1",
        "clausegen register --db postgresql+psycopg://inkoop@db/register status --json",
    ),
    "register add": ("clausegen register add contracten/2026-0142-P1",),
    "register report": (
        "clausegen register report contracten/2026-0142-P2 verantwoording-2027.csv --peildatum 2028-02-01",
    ),
    "register melding": (
        "clausegen register melding 2026-0201 2029-01-15",
        "clausegen register melding 2026-0201 2029-01-20 --replace",
    ),
    "register recompute": ("clausegen register --db clausegen-register.sqlite recompute",),
    "register status": ("clausegen register status", "clausegen register status --json --peildatum 2028-02-01"),
    "register export": (
        "clausegen register export -o raadsrapportage.docx",
        "clausegen register export -o cijfers.xlsx",
    ),
    "register backup": ("clausegen register backup -o kopie.sqlite", "clausegen register backup -o kopie.json"),
    "register restore": ("clausegen register --db nieuw.sqlite restore kopie.json",),
    "register retention": ("clausegen register retention --dry-run", "clausegen register retention --years 10"),
}
"""Per command (subcommands as `register add`), lines a user can type as they are."""


def epilog(name: str) -> str | None:
    """The `Examples:` block of `name`'s --help; `\\b` keeps click from rewrapping its lines."""
    lines = EXAMPLES.get(name)
    if not lines:
        return None
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)
