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

if TYPE_CHECKING:  # only for the annotations: the commands import what they need when they run
    from sqlalchemy import Engine

    from .api import Prepared
    from .blocks import Article
    from .library.load import Library
    from .library.roots import LibraryChoice

library_option = click.option(
    "--library",
    "library",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="CLAUSEGEN_LIBRARY",
    default=None,
    help="Library folder with clauses/ and profiles/ (default: $CLAUSEGEN_LIBRARY; for check, diff, list and "
    "preview then the folder you stand in or one above it, when it holds both; else the built-in one).",
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
            for line in str(exc).splitlines():  # several problems of one file: one line each
                click.echo(f"Error: {line}", err=True)
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
        from .catalog import message

        command = f"clausegen {self.command}" if self.command else "clausegen"
        click.echo(f"Error: {text} ({message('cli.see-help', {'command': command})})", err=True)


class _Group(click.Group):
    """The command group: every usage error of a subcommand (a bad path, a missing argument,
    an unknown option) is one line on stderr with exit 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            name = exc.ctx.command.name if exc.ctx is not None and exc.ctx.command is not self else None
            raise _OneLine(exc.format_message(), name) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Every command, also those of a subgroup (`register add`), with its whole first line."""
        rows: list[tuple[str, str]] = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            rows.append((name, command.get_short_help_str(limit=200)))
            if isinstance(command, click.Group):
                sub_ctx = click.Context(command, parent=ctx, info_name=name)
                for sub in command.list_commands(sub_ctx):
                    child = command.get_command(sub_ctx, sub)
                    if child is not None and not child.hidden:
                        rows.append((f"{name} {sub}", child.get_short_help_str(limit=200)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _tender_arg() -> Callable[[_F], _F]:
    return click.argument("tender", type=click.Path(path_type=Path))


_VERBOSITY = "clausegen.verbosity"
"""Key in click's `ctx.meta` (shared by every context, also the register group's): -1 quiet, 1 verbose."""


def _level() -> int:
    ctx = click.get_current_context(silent=True)
    return int(ctx.meta.get(_VERBOSITY, 0)) if ctx is not None else 0


def _say(message: str) -> None:
    """A status line ("opgeslagen: ..."): on stderr, so stdout stays data; -q silences it. Its text
    comes from the catalog (`_status`, or a result's own `summary()`), never a literal here."""
    if _level() >= 0:
        click.echo(message, err=True)


def _status(code: str, **params: Any) -> None:
    """The status line of catalog entry `code` (`status.*`) with `params`, in the current language."""
    from .catalog import message

    _say(message(code, params))


def _detail(message: str) -> None:
    """A line only -v prints: which files and profile were used."""
    if _level() > 0:
        click.echo(message, err=True)


def _library(library: Path | None, *, here: bool = False) -> LibraryChoice:
    """The library a command uses: --library, else $CLAUSEGEN_LIBRARY, else (with `here`, for the
    reviewer's commands) the nearest folder at or above the current one with clauses/ and profiles/,
    else the embedded library."""
    from click.core import ParameterSource

    from .library.roots import locate

    ctx = click.get_current_context()
    from_env = ctx.get_parameter_source("library") is ParameterSource.ENVIRONMENT
    return locate(library, from_env=from_env, cwd=Path.cwd() if here else None)


def _used(choice: LibraryChoice, prepared: Prepared | None = None) -> None:
    """Say which library was used (and with -v the tender, profile and library files)."""
    _status("status.library", library=choice.describe())
    if prepared is not None:
        profile = prepared.inputs.profile
        entry = prepared.library.profiles.get(profile.id)
        _detail_status("status.detail-tender", path=prepared.source.path)
        where = f", {entry.path}" if entry else ""
        _detail_status("status.detail-profile", profile=profile.id, version=profile.version, where=where)
        _library_detail(prepared.library)


def _detail_status(code: str, **params: Any) -> None:
    """The -v line of catalog entry `code` with `params`, in the current language."""
    if _level() > 0:
        from .catalog import message

        _detail(message(code, params))


def _library_detail(lib: Library) -> None:
    tables = sum(len(v) for v in lib.table_versions.values())
    _detail_status(
        "status.detail-library", clauses=len(lib.clauses), clause_dir=lib.root / "clauses",
        profiles=len(lib.profiles), tables=tables, profile_dir=lib.root / "profiles",
    )  # fmt: skip


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="clausegen")
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    envvar="CLAUSEGEN_LANG",
    help="Language of messages: nl (default) or en; also CLAUSEGEN_LANG (docs/foutmeldingen.md).",
)
@click.option("-q", "--quiet", is_flag=True, help="No status lines on stderr (errors and warnings still show).")
@click.option("-v", "--verbose", is_flag=True, help="Also say which tender, profile and library files were used.")
@click.pass_context
def main(ctx: click.Context, lang: str | None, quiet: bool, verbose: bool) -> None:
    """Write the social-return parts of Dutch public tenders as Word documents.

    Results (documents, text, --json) go to stdout or into files; status lines ("wrote ...",
    "bibliotheek: ...") go to stderr. Each command's --help shows examples.
    """
    from .catalog import set_language

    set_language(lang)
    if quiet and verbose:
        from .catalog import message

        raise click.UsageError(message("cli.quiet-and-verbose"))
    ctx.meta[_VERBOSITY] = -1 if quiet else 1 if verbose else 0


def _contract_status(path: Path, manifest: dict[str, Any]) -> None:
    """The status line of one contract manifest: its obligation, or for a holder of a framework
    with several holders the estimate and what is owed (lawyer5 MINOR-9)."""
    from decimal import Decimal

    from . import fmt

    contract = manifest["contract"]
    obligation = fmt.euro(Decimal(contract["obligation_eur"])).replace("\u00a0", " ")
    if not contract.get("obligation_is_estimate"):
        _status("status.wrote-contract", path=path, number=contract["number"], obligation=obligation)
        return
    lots = [lot for lot in manifest["plan"]["lots"] if Decimal(lot["obligation_eur"]) > 0]
    shown = sorted({fmt.percentage(Decimal(lot["percentage"])) for lot in lots})
    if len(shown) == 1:
        owed = shown[0]
    else:
        owed = ", ".join(f"{lot['id']}: {fmt.percentage(Decimal(lot['percentage']))}" for lot in lots)
    if manifest["plan"].get("obligation_level") == "nadere-overeenkomst":  # thirteenth reading F MINOR-4
        minimum = fmt.euro(Decimal(manifest["valuation"]["settings"]["call_off_min_eur"])).replace("\u00a0", " ")
        _status("status.wrote-contract-per-call-off", path=path, number=contract["number"], obligation=obligation,
                percentage=owed.replace("\u00a0", " "), minimum=minimum)  # fmt: skip
        return
    _status("status.wrote-contract-estimate", path=path, number=contract["number"], obligation=obligation,
            percentage=owed.replace("\u00a0", " "))  # fmt: skip


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
    from .catalog import message

    choice = _library(library)
    warnings: list[str] = []
    manifest = run(
        tender, outdir, library=choice.root, template=template, allow_draft=allow_draft, force=force, into=into,
        pdf=pdf, odt=odt, on_warning=warnings.append,
    )  # fmt: skip
    _status("status.library", library=choice.describe())
    _detail(f"aanbesteding: {tender}")
    _detail(f"profiel: {manifest['profile']['id']} (versie {manifest['profile']['version']})")
    for used in (template, into):
        if used is not None:
            _detail(f"Word-bestand: {used}")
    if as_json:
        click.echo(json.dumps(manifest, indent=2, ensure_ascii=False))
        for warning in warnings:
            _warn(warning)
        return
    if not manifest["documents"]:
        _status("status.no-documents")
        if into is not None:
            _status("status.no-copy", name=into.name)
    for document in manifest["documents"]:
        articles = len(document["clauses"])
        shape = (
            message("status.format-of", {"format": document["format"].upper(), "document": document["kind"]})
            if "format" in document
            else document["kind"]
        )
        _status("status.wrote-document", path=outdir / document["path"], document=shape, articles=articles)
    _status("status.wrote", path=outdir / MANIFEST)
    for warning in warnings:  # after what was written, like `contract`'s warnings before signature
        _warn(warning)


_award_option = click.option(
    "--award",
    type=click.Path(dir_okay=False, path_type=Path),
    help="An award file (DESIGN.md §7): also warn about what the award changes, e.g. a PSO certificate that ends early.",
)


def _warning_line(text: str) -> str:
    """A warning as printed: "Waarschuwing: ..." (catalog `warning.line`, in the chosen language)."""
    from .catalog import message

    return message("warning.line", {"text": text})


def _warn(text: str) -> None:
    """A warning on stderr: shown with --quiet too, never mixed into a command's results."""
    click.echo(_warning_line(text), err=True)


def _award_warnings(prepared: Prepared, award: Path | None) -> list[str]:
    if award is None:
        return []
    from .contract.write import load_award, pso_warnings

    checked, _ = load_award(award, prepared)
    _detail(f"gunning: {award}")
    return pso_warnings(prepared, checked)


def _award_memo(prepared: Prepared, award: Path | None) -> tuple[tuple[Article, ...], tuple[str, ...]]:
    """The memo's award section and its warnings (`explain --memo --award`), from the records
    `contract` uses; nothing without an award."""
    if award is None:
        return (), ()
    from .contract.memo import award_section
    from .contract.write import load_award

    checked, _ = load_award(award, prepared)
    _detail(f"gunning: {award}")
    section = award_section(prepared, checked)
    return (section.article,), section.warnings


@main.command()
@_tender_arg()
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON (amounts as strings).")
@_award_option
@library_option
@user_errors
def calc(tender: Path, as_json: bool, award: Path | None, library: Path | None) -> None:
    """Print the plan: band, instruments, obligation per lot and in total."""
    from .library import cache

    choice = _library(library)
    # -v names the files used, which only the full path knows; an award adds warnings of its own
    key = None if award or _level() > 0 else cache.calc_key(tender, choice.root, "json" if as_json else "text")
    output = cache.lookup(key)  # the same tender, library and clausegen as before: its result
    if output is None:
        from .api import prepare
        from .report import plan_lines

        prepared = prepare(tender, choice.root)
        warnings = _award_warnings(prepared, award)
        _used(choice, prepared)  # after everything that can fail: an error stays the one line on stderr
        for warning in warnings:
            _warn(warning)
        if as_json:
            output = json.dumps(prepared.plan.to_json(), indent=2, ensure_ascii=False)
        else:
            output = "\n".join(plan_lines(prepared))
        cache.store(key, output)
    else:
        _used(choice)
    click.echo(output)


@main.command()
@_tender_arg()
@click.option("--allow-draft", is_flag=True, help="Consider draft clauses too.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the figures and reasons as JSON (amounts as strings; docs/cli.md shows the shape).")  # fmt: skip
@click.option("--memo", is_flag=True, help="Write the motivation memo for the file (.docx) to -o.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="The memo .docx (with --memo).")
@click.option("--force", is_flag=True, help="Overwrite the memo if it exists.")
@_award_option
@library_option
@user_errors
def explain(tender: Path, allow_draft: bool, as_json: bool, memo: bool, output: Path | None, force: bool,
            award: Path | None, library: Path | None) -> None:  # fmt: skip
    """Why: which profile, band, instruments and clauses, and why each was chosen."""
    from .api import explain_data, explain_prepared, prepare, publication_warnings

    choice = _library(library)

    if memo or output is not None:
        from .errors import ClausegenError
        from .publish.memo import memo_docx

        if not (memo and output is not None):
            raise ClausegenError(code="cli.memo-needs-output")
        prepared = prepare(tender, choice.root)
        extra, given = _award_memo(prepared, award)
        _write_one(output, memo_docx(prepared, extra), force)
        _used(choice, prepared)
        _status("status.wrote", path=output)
        for warning in (*publication_warnings(prepared), *given):
            _warn(warning)
        return
    prepared = prepare(tender, choice.root)
    if as_json:
        data = explain_data(prepared, allow_draft)
        data["award_warnings"] = _award_warnings(prepared, award)
        _used(choice, prepared)  # after everything that can fail: an error stays the one line on stderr
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        for warning in publication_warnings(prepared):
            _warn(warning)
        return
    lines = explain_prepared(prepared, allow_draft)
    lines += [_warning_line(warning) for warning in _award_warnings(prepared, award)]
    _used(choice, prepared)
    click.echo("\n".join(lines))
    for warning in publication_warnings(prepared):
        _warn(warning)


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
    from .contract import contract as run
    from .contract.validate import AwardProblems
    from .errors import ClausegenError

    try:
        choice = _library(library)
        manifests = run(tender, award, outdir, library=choice.root, force=force, pdf=pdf, odt=odt)
    except AwardProblems as exc:
        for problem in exc.problems:
            click.echo(f"Error: {problem}", err=True)
        sys.exit(exc.exit_code)
    except ClausegenError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)
    _status("status.library", library=choice.describe())
    _detail(f"aanbesteding: {tender}")
    _detail(f"gunning: {award}")
    if as_json:
        click.echo(json.dumps(manifests, indent=2, ensure_ascii=False))
        return
    for manifest in manifests:
        number = manifest["contract"]["number"]
        for warning in manifest["warnings"]:
            _warn(warning)
        for document in manifest["documents"]:
            _status("status.wrote-with", path=outdir / number / document["path"], detail=document["kind"])
        _contract_status(outdir / number / "manifest.json", manifest)


@main.command()
@_tender_arg()
@click.option("--json", "as_json", is_flag=True, help="Print the fields as JSON.")
@library_option
@user_errors
def notice(tender: Path, as_json: bool, library: Path | None) -> None:
    """The eForms fields per lot (BT-06, BT-775, BT-777) to type into TenderNed."""
    from .api import prepare
    from .publish.notice import notice_json, notice_text

    choice = _library(library)
    prepared = prepare(tender, choice.root)
    data = notice_json(prepared) if as_json else notice_text(prepared)
    _used(choice, prepared)
    if isinstance(data, str):
        click.echo(data, nl=False)
    else:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@main.command()
@click.argument("document", type=click.Path(path_type=Path))
@user_errors
def verify(document: Path) -> None:
    """List generated articles edited by hand since generation, and articles without a tag; exit 1 if any."""
    from .publish.verify import verify as run

    result = run(document)
    for finding in result.findings:
        click.echo(str(finding).replace("\u00a0", " "))
    _say(result.summary())
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

    choice = _library(library, here=True)
    lib = load_library(choice.root)
    _used(choice)
    _library_detail(lib)
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
        return (
            os.path.relpath(os.path.abspath(path), os.path.realpath(Path.cwd()))
            if os.path.abspath(path).startswith(os.path.realpath(Path.cwd()) + os.sep)
            else path
        )
    except ValueError:
        return path


def _write_one(target: Path, data: bytes, force: bool) -> None:
    from .output import write_all

    write_all(target.parent if str(target.parent) else Path("."), {target.name: data}, force)


@main.command()
@click.option("--documents", "documents", type=click.Path(path_type=Path), default=None,
              help="Check the accessibility of the .docx and PDF files in this folder instead of the library.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON (docs/cli.md shows the shape).")
@library_option
@user_errors
def check(documents: Path | None, as_json: bool, library: Path | None) -> None:
    """Lint the library: every problem as path:line: message; exit 1 if there are any.

    Without --library it checks the library of the folder you stand in (or one above it) when that
    holds clauses/ and profiles/, as git finds its repository.
    """
    from .review.check import check as run
    from .review.check import problem_json

    if documents is not None:
        from .publish.access import check_documents

        count, findings = check_documents(documents)
        if as_json:
            rows = [{"path": f.file, "line": None, "message": f.text, "criterion": f.criterion} for f in findings]
            click.echo(json.dumps({"documents": count, "ok": not findings, "problems": rows}, indent=2,
                                  ensure_ascii=False))  # fmt: skip
        else:
            for finding in findings:
                click.echo(str(finding))
        _status("status.documents-checked", count=count, findings=len(findings))
        if findings:
            sys.exit(1)
        return

    choice = _library(library, here=True)
    report = run(choice.root)
    _used(choice)
    for problem in report.problems:
        problem.path = _shown(problem.path)
    if as_json:
        data = {"library": str(report.root), "ok": report.ok, "counts": report.counts,
                "problems": [problem_json(problem) for problem in report.problems]}  # fmt: skip
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for problem in report.problems:
            click.echo(str(problem))
    _say(report.summary())
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
    from .catalog import message
    from .review.preview import preview as run

    choice = _library(library, here=True)
    result = run(clause_id, tender, choice.root)
    text = result.text() if output is None else None
    if output is not None:
        _write_one(output, result.docx(), force)
    _used(choice)  # after everything that can fail: an error stays the one line on stderr
    if tender is not None:
        _detail(f"aanbesteding: {tender}")
    for note in result.notes:
        click.echo(f"{message('cli.note')}: {note}", err=True)
    if text is not None:
        click.echo(text)
    else:
        _status("status.wrote", path=output)


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

    choice = _library(library, here=True)
    result = redline(old, new, library=choice.root, date=date)
    _write_one(output, result.data, force)
    _used(choice)
    _status("status.wrote-with", path=output, detail=result.summary())


@main.command()
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path),
              help="Write one <kind>.schema.json per file kind into this folder.")  # fmt: skip
@library_option
@user_errors
def schema(outdir: Path | None, library: Path | None) -> None:  # noqa: ARG001 - schemas do not depend on it
    """JSON Schemas for tender, clause, profile, value-table and target-group files, and manifest.json."""
    from .library.schema import schema_files
    from .output import write_all

    files = schema_files()
    if outdir is None:
        merged = {name: json.loads(data) for name, data in files.items()}
        click.echo(json.dumps(merged, indent=2, ensure_ascii=False))
        return
    write_all(outdir, files, force=True)
    for name in files:
        _status("status.wrote", path=outdir / name)


@main.command()
@click.argument("tenders", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder that gets one subfolder per tender, named after its reference.")  # fmt: skip
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores).")  # fmt: skip
@click.option("--allow-draft", is_flag=True, help="Include draft clauses; every page is then marked CONCEPT.")
@click.option("--force", is_flag=True, help="Overwrite the folders of an earlier run.")
@click.option("--json", "as_json", is_flag=True,
              help="Print per tender its folder and files, or its error, as JSON (docs/cli.md shows the shape).")  # fmt: skip
@library_option
@user_errors
def batch(tenders: tuple[Path, ...], outdir: Path, jobs: int | None, allow_draft: bool, force: bool, as_json: bool,
          library: Path | None) -> None:  # fmt: skip
    """Generate many TENDERS, each into OUTDIR/<reference>/ with its manifest; exit 1 if any failed."""
    from .batch import batch as run
    from .batch import summary_rows
    from .catalog import message
    from .fmt import table_text

    choice = _library(library)
    label = message("status.batch-progress", {"count": len(tenders)})
    with click.progressbar(length=len(tenders), label=label, file=sys.stderr, hidden=_level() < 0) as bar:
        results = run(tenders, outdir, jobs=jobs, library=choice.root, allow_draft=allow_draft, force=force,
                      progress=lambda _result: bar.update(1))  # fmt: skip
    _status("status.library", library=choice.describe())
    if as_json:
        click.echo(json.dumps([r.to_json(outdir) for r in results], indent=2, ensure_ascii=False))
    else:
        click.echo(table_text(summary_rows(results)))
    for result in results:  # after what was written, before the last line that sums it up
        for warning in result.warnings:
            _warn(message("warning.tender", {"tender": result.tender, "warning": warning}))
    failed = sum(not r.ok for r in results)
    _status("status.batch", written=len(results) - failed, count=len(results), outdir=outdir, failed=failed)
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
@click.option("--melding", multiple=True, metavar="[NUMMER=]YYYY-MM-DD",
              help="Day the buyer notified a shortfall in writing: starts the Hersteltermijn. Per Nadere "
                   "overeenkomst or bundle: NUMMER=YYYY-MM-DD, repeatable.")  # fmt: skip
@click.option("--oplevering", default=None, metavar="YYYY-MM-DD",
              help="A work's actual completion (oplevering): the end of its term.")  # fmt: skip
@click.option("--onderhoudstermijn-tot", "onderhoud", default=None, metavar="YYYY-MM-DD",
              help="With --oplevering: the last day of a work's onderhoudstermijn; maintenance and repair "
                   "after the oplevering up to that day counts.")  # fmt: skip
@click.option("--afroepwaarde", "call_off", multiple=True, metavar="[PERCEEL=]BEDRAG",
              help="A framework holder's real call-off value, excl. btw (per lot with several lots); "
                   "default: the Afroepwaarde filled in on the workbook's sheet Verplichting.")  # fmt: skip
@click.option("--pso-vernieuwd", "pso_renewals", multiple=True, metavar="ONTVANGEN:GELDIG_TOT[:INGANG]",
              help="A renewed PSO certificate: the day it was received, its last valid day and optionally its "
                   "start date (then it counts from that date if received in time).")  # fmt: skip
@click.option("--nadere-overeenkomsten", "call_offs", default=None, metavar="FILE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="A per-call-off framework: the list of Nadere overeenkomsten (.csv or .xlsx; nummer, perceel, "
                   "startdatum, einddatum, waarde_eur, toelichting, afnemer); wins over the workbook's sheet.")  # fmt: skip
@click.option("--laatste-nadere-overeenkomst-tot", "last_call_off", multiple=True, metavar="[NUMMER=]YYYY-MM-DD",
              help="A framework-level obligation: a Nadere overeenkomst that ran past the framework and its end "
                   "(NUMMER=YYYY-MM-DD, repeatable); work in it counts up to that day.")  # fmt: skip
@click.option("--briefdatum", "letter_date", default=None, metavar="YYYY-MM-DD",
              help="The date the letter bears; a voornemen's reaction period runs from it "
                   "(default: the later of today and the peildatum).")  # fmt: skip
@click.option("--instemming", "consent", multiple=True, metavar="RIJ[,RIJ...]",
              help="The support rows the buyer consented to in writing beforehand: they count, other support rows "
                   "do not (default: during the term support counts under that reservation, after it not).")  # fmt: skip
@click.option("--bundel", "bundles", multiple=True, metavar="NUMMER,NUMMER[,...]",
              help="A bundling of Nadere overeenkomsten the buyer consented to in writing: settled as one "
                   "(repeatable).")  # fmt: skip
@click.option("--force", is_flag=True, help="Overwrite the letter if it exists.")
@user_errors
def realisatie(contract_dir: Path, report: Path, as_json: bool, output: Path | None, report_date: str | None,
               melding: tuple[str, ...], oplevering: str | None, onderhoud: str | None, call_off: tuple[str, ...],
               pso_renewals: tuple[str, ...], call_offs: Path | None, last_call_off: tuple[str, ...],
               letter_date: str | None, consent: tuple[str, ...], bundles: tuple[str, ...], force: bool) -> None:  # fmt: skip
    """Value a filled-in verantwoording (.xlsx or .csv) against the contract in CONTRACT_DIR."""
    from .realisation import realisatie as run
    from .realisation.summary import text_lines

    valuation = run(contract_dir, report, report_date, output=output, force=force, melding=melding or None,
                    oplevering=oplevering, onderhoud=onderhoud, call_off=call_off or None, pso_renewals=pso_renewals,
                    call_offs=call_offs, last_call_off=last_call_off or None, letter_date=letter_date,
                    consent=consent or None, bundles=bundles, warn=lambda text: click.echo(f"Waarschuwing: {text}", err=True))  # fmt: skip
    if as_json:
        click.echo(json.dumps(valuation.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(text_lines(valuation)))
    if output is not None:
        _status("status.wrote", path=output)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (keep it loopback).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free port).")
@library_option
@user_errors
def serve(host: str, port: int, library: Path | None) -> None:
    """Open the web form for buyers at http://HOST:PORT/ (Ctrl+C stops)."""
    from .web import serve as run

    choice = _library(library)
    _status("status.library", library=choice.describe())
    run(choice.root, host, port, echo=click.echo)


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
    from .realisation.api import parse_report_date

    return parse_report_date(text) if text else None


_peildatum = click.option("--peildatum", "day", default=None, help="Report date YYYY-MM-DD (default: today).")


@register.command(name="add")
@click.argument("contract_dir", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Record a changed manifest for a contract already in the register.")
@click.pass_context
@user_errors
def register_add(ctx: click.Context, contract_dir: Path, replace: bool) -> None:
    """Record the contract in CONTRACT_DIR (its manifest.json); the same manifest again changes nothing."""
    from . import fmt
    from .catalog import message
    from .register import add

    added = add(_engine(ctx), contract_dir, replace=replace)
    click.echo(f"{added.number}: {added.outcome}")
    if added.estimate is not None:
        amount = fmt.euro(added.estimate).replace("\u00a0", " ")
        _warn(message("warning.register-estimate", {"number": added.number, "obligation": amount}))
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
    # what counts towards the obligation, as stored and as `status` shows it (not voluntary work on a lot without one)
    click.echo(f"{stored.number}: {state} {stored.version} ({stored.counted} gerealiseerd)")


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


@register.command(name="melding")
@click.argument("number", metavar="CONTRACT_NUMBER")
@click.argument("melding_day", metavar="JJJJ-MM-DD")
@click.option("--replace", is_flag=True, help="Replace a melding recorded earlier with another date.")
@click.pass_context
@user_errors
def register_melding(ctx: click.Context, number: str, melding_day: str, replace: bool) -> None:
    """Record the day the buyer notified the contract's shortfall in writing; its Hersteltermijn starts then."""
    from .fmt import datum
    from .register.melding import parse_melding_date, record_melding

    done = record_melding(_engine(ctx), number, parse_melding_date(melding_day), replace=replace)
    if done.recovery_excess_end is not None:  # a holder's obligation above the raming: the longer term too
        _status("status.melding-excess", number=done.number, melding=datum(done.melding), outcome=done.outcome,
                start=datum(done.recovery_start), end=datum(done.recovery_end),
                excess_end=datum(done.recovery_excess_end))  # fmt: skip
        return
    _status("status.melding", number=done.number, melding=datum(done.melding), outcome=done.outcome,
            start=datum(done.recovery_start), end=datum(done.recovery_end))  # fmt: skip


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

    _status("status.wrote", path=export(_engine(ctx), output, _day(day), force=force))


@register.command(name="recompute")
@click.pass_context
@user_errors
def register_recompute(ctx: click.Context) -> None:
    """Rebuild every derived figure from the stored rows, in one transaction, and list what changed.

    Every stored report is valued again from its rows; each contract's figures (realised,
    deducted, bundled) and the conflicts across a supplier's contracts are rebuilt from them.
    Use it after a repair by hand in the database or a restore.
    """
    from .register import recompute

    done = recompute(_engine(ctx))
    for change in done.changes:
        click.echo(change)
    click.echo(
        f"{done.reports} rapportage(s), {done.contracts} overeenkomst(en), {done.suppliers} leverancier(s) "
        f"herberekend: {len(done.changes) or 'geen'} wijziging(en)"
    )


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
    _status("status.wrote-backup", path=output, detail=kind)


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


def _attach_examples(group: click.Group, prefix: str = "") -> None:
    """Give every command's --help its examples (clausegen/cli_help.py)."""
    from .cli_help import epilog

    for name, command in group.commands.items():
        command.epilog = epilog(prefix + name)
        if isinstance(command, click.Group):
            _attach_examples(command, f"{prefix}{name} ")


_attach_examples(main)
main.epilog = (
    "\b\nExamples:\n  clausegen calc examples/schoonmaak-den-haag.yaml\n"
    "  clausegen generate examples/schoonmaak-den-haag.yaml -o out\n"
    "  clausegen COMMAND --help\n\n"
    "\b\nShell completion (bash; zsh and fish in docs/cli.md):\n"
    '  eval "$(_CLAUSEGEN_COMPLETE=bash_source clausegen)"'
)


if __name__ == "__main__":  # pragma: no cover
    main()
