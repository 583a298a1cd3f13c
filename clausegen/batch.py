"""Generate many tenders at once, each into its own folder, on all cores.

`batch(tenders, outdir)` writes OUTDIR/<safe reference>/ (documents and manifest.json) for every
tender. A tender that fails is reported in its result and the others are still written. What
would make the whole run wrong is refused before anything is written: a library with problems,
two tenders that would share a folder, and folders left by an earlier run (without `force`)."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ClausegenError

if TYPE_CHECKING:
    from .library.load import Library


@dataclass(frozen=True)
class BatchResult:
    """What happened to one tender: where its files went, or why it failed."""

    tender: str
    """The tender file as given."""
    reference: str | None = None
    folder: str | None = None
    """The tender's folder inside OUTDIR (its safe reference)."""
    documents: int = 0
    total_obligation_eur: str | None = None
    """The plan's total obligation, a string with two decimals as in manifest.json."""
    error: str | None = None
    """The error message (with file and line) when the tender failed."""
    files: tuple[str, ...] = ()
    """The files written into the folder (documents, then manifest.json), relative to it."""
    warnings: tuple[str, ...] = ()
    """What the buyer must still do before publishing this tender (`api.publication_warnings`,
    the warnings `generate` prints), in the language of the run."""

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def target(self) -> str:
        """The folder of a tender that was read (every job past the first pass has one)."""
        if self.folder is None:
            raise ValueError(f"{self.tender} has no folder: it was not read")
        return self.folder

    def to_json(self, outdir: str | Path) -> dict[str, object]:
        """One tender of `batch --json` (docs/cli.md): its folder and files, or its error."""
        folder = str(Path(outdir) / self.folder) if self.folder else None
        return {
            "tender": self.tender,
            "reference": self.reference,
            "ok": self.ok,
            "folder": folder,
            "files": [str(Path(folder) / name) for name in self.files] if folder and self.ok else [],
            "documents": self.documents,
            "total_obligation_eur": self.total_obligation_eur,
            "error": self.error,
            "warnings": list(self.warnings),
        }


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


WATCHDOG_SECONDS = 0.5
"""How often a worker checks that its parent still lives (the fallback where prctl is missing)."""


_LIBRARY: Library | None = None
"""The library the batch loaded, for its workers: a forked worker inherits it from the parent;
a spawned one loads it once (`_worker_library`), not once per tender."""


def _worker_library(root: str) -> Library:
    global _LIBRARY
    from .library.load import load_library

    if _LIBRARY is None or str(_LIBRARY.root) != root:
        _LIBRARY = load_library(root)
    return _LIBRARY


def _die_with(parent: int) -> None:
    """Worker initializer: end this worker when the batch parent dies or is killed.

    On Linux the kernel sends SIGTERM when the parent exits (prctl PR_SET_PDEATHSIG); everywhere
    a daemon thread also checks the parent's pid and exits the worker when it has gone. Ctrl-C
    reaches the whole process group: workers ignore it and the parent stops them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(128 + signal.SIGTERM))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):  # no libc or no prctl: the watchdog below still works
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCHDOG_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="clausegen-parent-watchdog", daemon=True).start()


@contextlib.contextmanager
def _stop_workers_on_signal(pool: ProcessPoolExecutor) -> Iterator[None]:
    """SIGTERM (and SIGHUP) end the batch as Ctrl-C does: the workers are stopped, not orphaned."""
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            if hasattr(signal, name):

                def stop(signum: int, _frame: object) -> None:
                    raise SystemExit(128 + signum)

                previous[name] = signal.signal(getattr(signal, name), stop)
    try:
        yield
    except BaseException:
        _terminate(pool)
        raise
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop every worker of `pool` now (SIGTERM, then SIGKILL after a grace time)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    deadline = time.monotonic() + 5
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()


def _unexpected(tender: str, exc: Exception) -> BatchResult:
    from .catalog import message

    detail = f"{exc.__class__.__name__}: {exc}"
    return BatchResult(tender, error=message("batch.internal-error", {"tender": tender, "detail": detail}))


def _reference(tender: str) -> BatchResult:
    """Read and validate a tender for its reference: the first pass, so that every folder name is
    known (and checked) before anything is written."""
    from .api import load_tender, safe_reference

    try:
        record, _, _ = load_tender(tender)
    except ClausegenError as exc:
        return BatchResult(tender, error=str(exc))
    except Exception as exc:  # a bug must not stop the other tenders
        return _unexpected(tender, exc)
    return BatchResult(tender, record.reference, safe_reference(record.reference))


def _generate(job: BatchResult, outdir: str, library: str | Library, allow_draft: bool, force: bool) -> BatchResult:
    """Generate one tender into OUTDIR/<folder>; in this process `library` is the loaded library,
    in a worker process its folder (the worker's own copy is used, see `_worker_library`)."""
    from .api import generate

    warnings: list[str] = []
    try:
        lib = _worker_library(library) if isinstance(library, str) else library
        manifest = generate(
            job.tender, Path(outdir) / job.target, library=lib, allow_draft=allow_draft, force=force,
            on_warning=warnings.append,
        )  # fmt: skip
    except ClausegenError as exc:
        return BatchResult(job.tender, job.reference, job.folder, error=str(exc))
    except Exception as exc:  # a bug must not stop the other tenders
        return _unexpected(job.tender, exc)
    return BatchResult(
        job.tender,
        manifest["tender"]["reference"],
        job.folder,
        documents=len(manifest["documents"]),
        total_obligation_eur=manifest["plan"]["total_obligation_eur"],
        files=(*[document["path"] for document in manifest["documents"]], "manifest.json"),
        warnings=tuple(warnings),
    )


def _written(folder: Path) -> bool:
    """Whether `folder` holds anything but the leftovers of a run that was killed (its lock file
    and temporary files): such a folder counts as missing, so a rerun completes it."""
    from .output import _PREFIX, LOCK_NAME

    if not folder.is_dir():
        return folder.exists()
    return any(p.name != LOCK_NAME and not p.name.startswith(_PREFIX) for p in folder.iterdir())


def _check_folders(jobs: list[BatchResult], outdir: Path, force: bool) -> None:
    """Refuse, before anything is written, two tenders in one folder or an earlier run's folder."""
    if outdir.exists() and not outdir.is_dir():
        raise ClausegenError(code="output.not-a-folder", path=outdir)
    seen: dict[str, BatchResult] = {}
    for job in jobs:
        other = seen.get(job.target)
        if other is not None:
            if Path(other.tender).resolve() == Path(job.tender).resolve():
                raise ClausegenError(code="batch.tender-twice", params={"tender": job.tender})
            raise ClausegenError(
                code="batch.same-reference" if other.reference == job.reference else "batch.same-folder",
                params={
                    "first": other.tender,
                    "second": job.tender,
                    "first_reference": other.reference,
                    "reference": job.reference,
                    "folder": str(outdir / job.target),
                },
            )
        seen[job.target] = job
    if force:
        return
    existing = [job.target for job in jobs if _written(outdir / job.target)]
    if existing:
        raise ClausegenError(
            code="batch.folder-exists" if len(existing) == 1 else "batch.folder-exists-more",
            params={"folder": str(outdir / existing[0]), "count": len(existing) - 1},
        )


def batch(
    tenders: Sequence[str | Path],
    outdir: str | Path,
    *,
    jobs: int | None = None,
    library: str | Path | Library | None = None,
    allow_draft: bool = False,
    force: bool = False,
    progress: Callable[[BatchResult], None] | None = None,
) -> list[BatchResult]:
    """Generate every tender into OUTDIR/<safe reference>/; one result per tender, in input order.

    `jobs` worker processes (default: the number of cores; 1 runs in this process). `progress` is
    called once per tender as it finishes. Raises ClausegenError, before anything is written, when
    the library has problems, two tenders would share a folder, or a folder exists (without force)."""
    from .library.load import load_library

    if not tenders:
        raise ClausegenError(code="batch.no-tenders")
    outdir = Path(outdir)
    global _LIBRARY
    loaded = load_library(library)  # a broken library fails once, here, not once per tender
    names = [str(t) for t in tenders]
    workers = min(jobs or default_jobs(), len(names))
    with _fewer_collections():
        if workers <= 1:
            return _run(names, outdir, loaded, allow_draft, force, progress, None)
        _LIBRARY = loaded  # forked workers start with it
        if multiprocessing.get_start_method() == "fork":
            _warm_up(loaded, allow_draft)
            gc.freeze()  # what the warm-up made is inherited too: the workers leave it alone
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_die_with, initargs=(os.getpid(),))
        try:
            with _stop_workers_on_signal(pool):
                return _run(names, outdir, loaded, allow_draft, force, progress, pool, workers)
        finally:  # on Ctrl-C or an error, tenders not yet started are dropped, not run to the end
            pool.shutdown(wait=True, cancel_futures=True)


def _warm_up(library: Library, allow_draft: bool) -> None:
    """Before the workers are forked: compile every clause text and `when` the batch may use,
    import the Word libraries and prepare the base template, so that the workers start with all
    of it instead of each doing that work again (compiling is most of a tender's cost the first
    time). Compiling the whole library, not only the first tender's clauses, leaves no clause for
    both workers to compile; rendering a tender here would be work a worker then does again."""
    from .docx.writer import open_prepared
    from .template.render import compile_condition, compile_text, variables

    for entry in library.clauses.values():
        clause = entry.item
        if clause.status == "withdrawn" or (clause.status == "draft" and not allow_draft):  # type: ignore[attr-defined]
            continue
        with contextlib.suppress(Exception):  # a broken clause is reported by the tender that uses it
            compile_text(clause.text)  # type: ignore[attr-defined]
            variables(clause.text)  # type: ignore[attr-defined]
            if clause.when:  # type: ignore[attr-defined]
                compile_condition(clause.when)  # type: ignore[attr-defined]
    with contextlib.suppress(Exception):  # a template problem is reported by every tender
        open_prepared(None)


GC_THRESHOLD = 20_000
"""The youngest generation's collection threshold during a batch (Python's default is 700).
A tender makes some hundred thousand short-lived objects, few of them in cycles; at 700 the
collector runs about 350 times over 40 tenders (some 3 % of the CPU time). The old generations
keep their thresholds."""


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """During the batch, the objects that exist at its start (the library, the loaded modules)
    are left out of garbage collection (`gc.freeze`: a forked worker also leaves their pages
    unwritten), and the youngest generation is collected less often. Both are undone afterwards."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], GC_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _size(tender: str) -> int:
    """The tender file's size: the larger tenders (more lots, so more articles) are handed out
    first, so that the workers finish close together instead of one ending on a large tender
    while the others wait. The results keep the input order."""
    try:
        return os.path.getsize(tender)
    except OSError:
        return 0


def _run(
    names: list[str],
    outdir: Path,
    library: Library,
    allow_draft: bool,
    force: bool,
    progress: Callable[[BatchResult], None] | None,
    pool: ProcessPoolExecutor | None,
    workers: int = 1,
) -> list[BatchResult]:
    root = str(library.root)  # what a worker is sent: the folder, not the whole library pickled
    # small chunks, so that neither worker sits idle at the barrier before the folders are checked
    chunk = max(1, len(names) // (4 * workers))
    read = list(pool.map(_reference, names, chunksize=chunk)) if pool else [_reference(n) for n in names]
    jobs = [r for r in read if r.ok]
    _check_folders(jobs, outdir, force)
    results: dict[int, BatchResult] = {}
    for index, result in enumerate(read):
        if not result.ok:
            results[index] = result
            if progress:
                progress(result)
    todo = [(index, result) for index, result in enumerate(read) if result.ok]
    if pool is None:
        for index, job in todo:
            results[index] = _generate(job, str(outdir), library, allow_draft, force)
            if progress:
                progress(results[index])
    else:
        futures: dict[Future[BatchResult], int] = {
            pool.submit(_generate, job, str(outdir), root, allow_draft, force): index
            for index, job in sorted(todo, key=lambda item: -_size(item[1].tender))
        }
        for future in as_completed(futures):
            index = futures[future]
            try:
                results[index] = future.result()
            except Exception as exc:  # a worker that died (out of memory, killed): report, go on
                results[index] = _unexpected(read[index].tender, exc)
            if progress:
                progress(results[index])
    return [results[index] for index in range(len(names))]


def summary_rows(results: Sequence[BatchResult]) -> list[dict[str, Any]]:
    """One row per tender for the summary table: tender, folder, documents, total obligation, status.
    The column names and the status come from the catalog (`batch.column-*`, `batch.ok`,
    `batch.failed`), in the current language; `batch --json` keeps its own fixed keys."""
    from decimal import Decimal

    from .catalog import message
    from .fmt import euro

    columns = [message(f"batch.column-{name}") for name in ("tender", "folder", "documents", "obligation", "status")]
    rows = []
    for r in results:
        amount = euro(Decimal(r.total_obligation_eur)).replace("\u00a0", " ") if r.total_obligation_eur else "-"
        values = [
            r.tender,
            r.folder or "-",
            str(r.documents) if r.ok else "-",
            amount if r.ok else "-",
            message("batch.ok") if r.ok else message("batch.failed", {"error": r.error}),
        ]
        rows.append(dict(zip(columns, values, strict=True)))
    return rows
