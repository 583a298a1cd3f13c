"""The click command line: parse, call the API, print. No logic lives here."""

from __future__ import annotations

import datetime
import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, ParamSpec, TypeVar

import click

from . import __version__

if TYPE_CHECKING:  # types only: the commands import their stage when they run (fast --help)
    from sqlalchemy import Engine

    from .api import Prepared

library_option = click.option(
    "--library",
    "library",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="CLAUSEGEN_LIBRARY",
    default=None,
    help="Library folder with clauses/ and profiles/ (default: $CLAUSEGEN_LIBRARY or the built-in one).",
)

pdf_option = click.option(
    "--pdf", is_flag=True, help="Also write each document as tagged PDF/A-2 (needs LibreOffice; docs/publiceren.md)."
)
odt_option = click.option(
    "--odt", is_flag=True, help="Also write each document as OpenDocument (.odt; needs LibreOffice)."
)


_P = ParamSpec("_P")
_R = TypeVar("_R")
_F = TypeVar("_F", bound=Callable[..., Any])


def user_errors(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Turn a ClausegenError into one line on stderr and exit 2 (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        from .errors import ClausegenError

        try:
            return func(*args, **kwargs)
        except ClausegenError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper


class _OneLine(click.ClickException):
    """A usage error printed as one line (click's own shows the usage block and the message),
    with line breaks and control characters in it escaped; exit 2."""

    exit_code = 2

    def __init__(self, message: str, command: str | None) -> None:
        super().__init__(message)
        self.command = command

    def show(self, file: IO[Any] | None = None) -> None:
        text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in self.format_message())
        hint = f" (see `clausegen {self.command} --help`)" if self.command else " (see `clausegen --help`)"
        click.echo(f"Error: {text}{hint}", err=True)


class _Group(click.Group):
    """The command group: every usage error of a subcommand (a bad path, a missing argument,
    an unknown option) is one line on stderr with exit 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            name = exc.ctx.command.name if exc.ctx is not None and exc.ctx.command is not self else None
            raise _OneLine(exc.format_message(), name) from None


def _tender_arg() -> Callable[[_F], _F]:
    return click.argument("tender", type=click.Path(path_type=Path))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="clausegen")
def main() -> None:
    """Write the social-return parts of Dutch public tenders as Word documents."""


@main.command()
@_tender_arg()
@click.option(
    "-o",
    "--output",
    "outdir",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder for the documents and manifest.json.",
)
@click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Your own .docx or .dotx: its styles, fonts, margins and header (logo) are used for the documents.",
)
@click.option(
    "--into",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Your own .docx: a copy of it with the annex appended is written to OUTDIR (the file is not changed).",
)
@click.option("--allow-draft", is_flag=True, help="Include draft clauses; every page is then marked CONCEPT.")
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.option("--json", "as_json", is_flag=True, help="Print the manifest as JSON.")
@pdf_option
@odt_option
@library_option
@user_errors
def generate(tender: Path, outdir: Path, template: Path | None, into: Path | None, allow_draft: bool, force: bool,
             as_json: bool, pdf: bool, odt: bool, library: Path | None) -> None:  # fmt: skip
    """Write the documents of TENDER and manifest.json into OUTDIR."""
    from .api import MANIFEST
    from .api import generate as run

    manifest = run(
        tender, outdir, library=library, template=template, allow_draft=allow_draft, force=force, into=into,
        pdf=pdf, odt=odt,
    )  # fmt: skip
    if as_json:
        click.echo(json.dumps(manifest, indent=2, ensure_ascii=False))
        return
    if not manifest["documents"]:
        click.echo("No obligation and no effort clause for this tender: no documents, only the manifest.")
        if into is not None:
            click.echo(f"No annex to append, so no copy of {into.name} was made.")
    for document in manifest["documents"]:
        articles = len(document["clauses"])
        shape = f"{document['format'].upper()} van {document['kind']}" if "format" in document else document["kind"]
        click.echo(f"wrote {outdir / document['path']}  ({shape}, {articles} articles)")
    click.echo(f"wrote {outdir / MANIFEST}")


_award_option = click.option(
    "--award",
    type=click.Path(dir_okay=False, path_type=Path),
    help="An award file (DESIGN.md §7): also warn about what the award changes, e.g. a PSO certificate that ends early.",
)


def _award_warnings(prepared: Prepared, award: Path | None) -> list[str]:
    if award is None:
        return []
    from .contract.write import load_award, pso_warnings

    checked, _ = load_award(award, prepared)
    return pso_warnings(prepared, checked)


@main.command()
@_tender_arg()
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON (amounts as strings).")
@_award_option
@library_option
@user_errors
def calc(tender: Path, as_json: bool, award: Path | None, library: Path | None) -> None:
    """Print the plan: band, instruments, obligation per lot and in total."""
    from .api import prepare
    from .report import plan_lines

    prepared = prepare(tender, library)
    for warning in _award_warnings(prepared, award):
        click.echo(f"Waarschuwing: {warning}", err=True)
    if as_json:
        click.echo(json.dumps(prepared.plan.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(plan_lines(prepared)))


@main.command()
@_tender_arg()
@click.option("--allow-draft", is_flag=True, help="Consider draft clauses too.")
@click.option("--memo", is_flag=True, help="Write the motivation memo for the file (.docx) to -o.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="The memo .docx (with --memo).")
@click.option("--force", is_flag=True, help="Overwrite the memo if it exists.")
@_award_option
@library_option
@user_errors
def explain(tender: Path, allow_draft: bool, memo: bool, output: Path | None, force: bool, award: Path | None,
            library: Path | None) -> None:  # fmt: skip
    """Why: which profile, band, instruments and clauses, and why each was chosen."""
    from .api import explain_prepared, prepare

    if memo or output is not None:
        from .errors import ClausegenError
        from .publish.memo import memo_docx

        if not (memo and output is not None):
            raise ClausegenError(
                "--memo en -o horen bij elkaar", hint="clausegen explain TENDER --memo -o motivering.docx"
            )
        _write_one(output, memo_docx(prepare(tender, library)), force)
        click.echo(f"wrote {output}")
        return
    prepared = prepare(tender, library)
    lines = explain_prepared(prepared, allow_draft)
    lines += [f"Waarschuwing: {warning}" for warning in _award_warnings(prepared, award)]
    click.echo("\n".join(lines))


@main.command()
@_tender_arg()
@click.argument("award", type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Folder that gets one subfolder per contract, named after its number.")  # fmt: skip
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.option("--json", "as_json", is_flag=True, help="Print the contract manifests as JSON.")
@click.option("--pdf", is_flag=True, help="Also write each annex as tagged PDF/A-2 (needs LibreOffice).")
@click.option("--odt", is_flag=True, help="Also write each annex as OpenDocument (needs LibreOffice).")
@library_option
def contract(tender: Path, award: Path, outdir: Path, force: bool, as_json: bool, pdf: bool, odt: bool,
             library: Path | None) -> None:  # fmt: skip
    """For every contract in AWARD: the annex the contractor signs and its manifest, in OUTDIR/<number>/."""
    from decimal import Decimal

    from . import fmt
    from .contract import contract as run
    from .contract.validate import AwardProblems
    from .errors import ClausegenError

    try:
        manifests = run(tender, award, outdir, library=library, force=force, pdf=pdf, odt=odt)
    except AwardProblems as exc:
        for problem in exc.problems:
            click.echo(f"Error: {problem}", err=True)
        sys.exit(exc.exit_code)
    except ClausegenError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)
    if as_json:
        click.echo(json.dumps(manifests, indent=2, ensure_ascii=False))
        return
    for manifest in manifests:
        number = manifest["contract"]["number"]
        for warning in manifest["warnings"]:
            click.echo(f"Waarschuwing: {warning}", err=True)
        for document in manifest["documents"]:
            click.echo(f"wrote {outdir / number / document['path']}  ({document['kind']})")
        obligation = fmt.euro(Decimal(manifest["contract"]["obligation_eur"])).replace("\u00a0", " ")
        click.echo(f"wrote {outdir / number / 'manifest.json'}  (contract {number}, verplichting {obligation})")


@main.command()
@_tender_arg()
@click.option("--json", "as_json", is_flag=True, help="Print the fields as JSON.")
@library_option
@user_errors
def notice(tender: Path, as_json: bool, library: Path | None) -> None:
    """The eForms fields per lot (BT-06, BT-775, BT-777) to type into TenderNed."""
    from .api import prepare
    from .publish.notice import notice_json, notice_text

    prepared = prepare(tender, library)
    if as_json:
        click.echo(json.dumps(notice_json(prepared), indent=2, ensure_ascii=False))
    else:
        click.echo(notice_text(prepared), nl=False)


@main.command()
@click.argument("document", type=click.Path(path_type=Path))
@user_errors
def verify(document: Path) -> None:
    """List generated articles edited by hand since generation, and articles without a tag; exit 1 if any."""
    from .publish.verify import verify as run

    result = run(document)
    for finding in result.findings:
        click.echo(str(finding).replace("\u00a0", " "))
    click.echo(result.summary(), err=not result.ok)
    if not result.ok:
        sys.exit(1)


@main.command(name="list")
@click.argument("what", type=click.Choice(["clauses", "profiles"]))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@library_option
@user_errors
def list_(what: str, as_json: bool, library: Path | None) -> None:
    """What the library holds: clauses or profiles."""
    from .fmt import table_text
    from .library.load import load_library
    from .report import clause_rows, profile_rows

    lib = load_library(library)
    rows = clause_rows(lib) if what == "clauses" else profile_rows(lib)
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        click.echo(table_text(rows))


# ------------------------------------------------------------------ reviewer commands (issue 5)


def _shown(path: str | None) -> str | None:
    """A path relative to the current folder where it lies inside it (shorter messages)."""
    if path is None:
        return None
    try:
        return os.path.relpath(os.path.abspath(path), os.path.realpath(Path.cwd())) if os.path.abspath(
            path
        ).startswith(os.path.realpath(Path.cwd()) + os.sep) else path
    except ValueError:
        return path


def _write_one(target: Path, data: bytes, force: bool) -> None:
    from .output import write_all

    write_all(target.parent if str(target.parent) else Path("."), {target.name: data}, force)


@main.command()
@click.option("--documents", "documents", type=click.Path(path_type=Path), default=None,
              help="Check the accessibility of the .docx and PDF files in this folder instead of the library.")  # fmt: skip
@library_option
@user_errors
def check(documents: Path | None, library: Path | None) -> None:
    """Lint the library: every problem as path:line: message; exit 1 if there are any."""
    from .review.check import check as run

    if documents is not None:
        from .publish.access import check_documents

        count, findings = check_documents(documents)
        for finding in findings:
            click.echo(str(finding))
        summary = f"{count} documenten gecontroleerd, {len(findings)} bevindingen"
        click.echo(summary, err=bool(findings))
        if findings:
            sys.exit(1)
        return

    report = run(library)
    for problem in report.problems:
        problem.path = _shown(problem.path)
        click.echo(str(problem))
    click.echo(report.summary(), err=not report.ok)
    if not report.ok:
        sys.exit(1)


@main.command()
@click.argument("clause_id")
@click.option("--tender", type=click.Path(path_type=Path), help="Render with this tender's plan (default: a sample).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write a .docx instead of text.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@library_option
@user_errors
def preview(clause_id: str, tender: Path | None, output: Path | None, force: bool, library: Path | None) -> None:
    """Render one clause alone, as plain text or (with -o) as a Word document."""
    from .review.preview import preview as run

    result = run(clause_id, tender, library)
    for note in result.notes:
        click.echo(f"Note: {note}", err=True)
    if output is None:
        click.echo(result.text())
        return
    _write_one(output, result.docx(), force)
    click.echo(f"wrote {output}")


@main.command()
@click.argument("old")
@click.argument("new")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The redline .docx to write.")  # fmt: skip
@click.option("--date", "date", default=None, help="Date of the tracked changes (YYYY-MM-DD); see docs/reviewers.md.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@library_option
@user_errors
def diff(old: str, new: str, output: Path, date: str | None, force: bool, library: Path | None) -> None:
    """A Word document with tracked changes between two libraries (folders or git revisions)."""
    from .review.redline import redline

    result = redline(old, new, library=library, date=date)
    _write_one(output, result.data, force)
    click.echo(f"wrote {output}  ({result.summary()})")


@main.command()
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path),
              help="Write one <kind>.schema.json per file kind into this folder.")  # fmt: skip
@library_option
@user_errors
def schema(outdir: Path | None, library: Path | None) -> None:  # noqa: ARG001 - schemas do not depend on it
    """JSON Schemas for tender, clause, profile, value-table and target-group files."""
    from .library.schema import schema_files
    from .output import write_all

    files = schema_files()
    if outdir is None:
        merged = {name: json.loads(data) for name, data in files.items()}
        click.echo(json.dumps(merged, indent=2, ensure_ascii=False))
        return
    write_all(outdir, files, force=True)
    for name in files:
        click.echo(f"wrote {outdir / name}")


@main.command()
@click.argument("tenders", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder that gets one subfolder per tender, named after its reference.")  # fmt: skip
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores).")  # fmt: skip
@click.option("--allow-draft", is_flag=True, help="Include draft clauses; every page is then marked CONCEPT.")
@click.option("--force", is_flag=True, help="Overwrite the folders of an earlier run.")
@library_option
@user_errors
def batch(tenders: tuple[Path, ...], outdir: Path, jobs: int | None, allow_draft: bool, force: bool,
          library: Path | None) -> None:  # fmt: skip
    """Generate many TENDERS, each into OUTDIR/<reference>/ with its manifest; exit 1 if any failed."""
    from .batch import batch as run
    from .batch import summary_rows
    from .fmt import table_text

    with click.progressbar(length=len(tenders), label=f"generating {len(tenders)} tender(s)", file=sys.stderr) as bar:
        results = run(tenders, outdir, jobs=jobs, library=library, allow_draft=allow_draft, force=force,
                      progress=lambda _result: bar.update(1))  # fmt: skip
    click.echo(table_text(summary_rows(results)))
    failed = sum(not r.ok for r in results)
    click.echo(f"{len(results) - failed} of {len(results)} tenders written to {outdir}, {failed} failed")
    if failed:
        sys.exit(1)


@main.command()
@click.argument("contract_dir", type=click.Path(path_type=Path))
@click.argument("report", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the valuation as JSON (amounts as strings).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the realisation letter (.docx) for the contract manager.")  # fmt: skip
@click.option("--peildatum", "report_date", default=None, metavar="YYYY-MM-DD",
              help="Report date for the expected path and the charge (default: today).")  # fmt: skip
@click.option("--force", is_flag=True, help="Overwrite the letter if it exists.")
@user_errors
def realisatie(contract_dir: Path, report: Path, as_json: bool, output: Path | None, report_date: str | None,
               force: bool) -> None:  # fmt: skip
    """Value a filled-in verantwoording (.xlsx or .csv) against the contract in CONTRACT_DIR."""
    from .realisation import realisatie as run
    from .realisation.summary import text_lines

    valuation = run(contract_dir, report, report_date, output=output, force=force)
    if as_json:
        click.echo(json.dumps(valuation.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(text_lines(valuation)))
    if output is not None:
        click.echo(f"wrote {output}", err=as_json)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (keep it loopback).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free port).")
@library_option
@user_errors
def serve(host: str, port: int, library: Path | None) -> None:
    """Open the web form for buyers at http://HOST:PORT/ (Ctrl+C stops)."""
    from .web import serve as run

    run(library, host, port, echo=click.echo)


# ------------------------------------------------------------------ the register (issue 16)


@main.group()
@click.option("--db", "db", envvar="CLAUSEGEN_DB", default=None,
              help="SQLite file or postgresql+psycopg://... URL (default: $CLAUSEGEN_DB or clausegen-register.sqlite here).")  # fmt: skip
@click.pass_context
def register(ctx: click.Context, db: str | None) -> None:
    """The organisation's register of contracts and their realisation."""
    ctx.obj = db


def _engine(ctx: click.Context) -> Engine:
    from .register import open_engine

    return open_engine(ctx.obj)


def _day(text: str | None) -> datetime.date | None:
    from .errors import ClausegenError

    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        raise ClausegenError(f"peildatum '{(text or '')[:30]}' is geen datum", hint="schrijf JJJJ-MM-DD") from None


_peildatum = click.option("--peildatum", "day", default=None, help="Report date YYYY-MM-DD (default: today).")


@register.command(name="add")
@click.argument("contract_dir", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Record a changed manifest for a contract already in the register.")
@click.pass_context
@user_errors
def register_add(ctx: click.Context, contract_dir: Path, replace: bool) -> None:
    """Record the contract in CONTRACT_DIR (its manifest.json); the same manifest again changes nothing."""
    from .register import add

    added = add(_engine(ctx), contract_dir, replace=replace)
    click.echo(f"{added.number}: {added.outcome}")
    for change in added.changes:
        click.echo(f"  {change}")


@register.command(name="report")
@click.argument("contract_dir", type=click.Path(path_type=Path))
@click.argument("report_file", metavar="REPORT", type=click.Path(dir_okay=False, path_type=Path))
@_peildatum
@click.pass_context
@user_errors
def register_report(ctx: click.Context, contract_dir: Path, report_file: Path, day: str | None) -> None:
    """Value REPORT (.xlsx or .csv) against the contract and store it as a new dated version."""
    from .register import report

    stored = report(_engine(ctx), contract_dir, report_file, _day(day))
    state = "opgeslagen als versie" if stored.new else "ongewijzigd, al opgeslagen als versie"
    click.echo(f"{stored.number}: {state} {stored.version} ({stored.valuation.realised_eur} gerealiseerd)")


@register.command(name="status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (amounts as strings).")
@_peildatum
@click.pass_context
@user_errors
def register_status(ctx: click.Context, as_json: bool, day: str | None) -> None:
    """Per contract, supplier, category and year: obligation, realised, fulfilment, expected path."""
    from .register import status
    from .register.text import status_lines

    result = status(_engine(ctx), _day(day))
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(status_lines(result)))


@register.command(name="export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The council report: FILE.docx or FILE.xlsx.")  # fmt: skip
@_peildatum
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.pass_context
@user_errors
def register_export(ctx: click.Context, output: Path, day: str | None, force: bool) -> None:
    """Write the council report: coverage, obligation and realisation, charges, chart, reconciliation."""
    from .register.export import export

    click.echo(f"wrote {export(_engine(ctx), output, _day(day), force=force)}")


@register.command(name="backup")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="FILE.sqlite (SQLite online backup) or FILE.json (portable dump, any database).")  # fmt: skip
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.pass_context
@user_errors
def register_backup(ctx: click.Context, output: Path, force: bool) -> None:
    """Write a consistent copy of the register."""
    from .register import backup

    kind = backup(_engine(ctx), output, force=force)
    click.echo(f"wrote {output} ({kind})")


@register.command(name="restore")
@click.argument("dump_file", metavar="FILE.json", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
@user_errors
def register_restore(ctx: click.Context, dump_file: Path) -> None:
    """Read a JSON copy made by `register backup` into an empty register."""
    from .register import restore

    click.echo(f"{restore(_engine(ctx), dump_file)} rijen teruggezet")


@register.command(name="retention")
@click.option("--years", type=click.IntRange(min=1), envvar="CLAUSEGEN_RETENTION_YEARS", default=7, show_default=True,
              help="Keep contracts this many years after their end date ($CLAUSEGEN_RETENTION_YEARS).")  # fmt: skip
@click.option("--dry-run", is_flag=True, help="Only list what would be deleted.")
@_peildatum
@click.pass_context
@user_errors
def register_retention(ctx: click.Context, years: int, dry_run: bool, day: str | None) -> None:
    """Delete the rows of contracts that ended more than --years years ago."""
    from .register import retention

    numbers = retention(_engine(ctx), years, _day(day), dry_run=dry_run)
    verb = "zou verwijderen" if dry_run else "verwijderd"
    click.echo(f"{len(numbers)} overeenkomst(en) {verb}" + (": " + ", ".join(numbers) if numbers else ""))


if __name__ == "__main__":  # pragma: no cover
    main()
