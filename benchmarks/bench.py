"""Speed figures for clausegen, all measured in one run on this machine (not a test).

    python benchmarks/bench.py            # the full run (about 1-2 minutes on 2 cores)
    python benchmarks/bench.py --quick    # fewer repetitions, 200 instead of 1,000 tenders

For each example tender (and a synthetic 40-article annex) it prints the milliseconds per
document of clausegen (read and validate the tender, plan, choose and render the clauses, write
the .docx in memory), of the same paragraphs and tables built with plain python-docx
(`add_paragraph` with a style per paragraph) and rendered with docxtpl (a template with one loop
over the paragraphs), and of writing the finished document's zip alone; then batch throughput
with 1 and N worker processes for 40 tenders (next to what N processes of a plain Python loop
gain on this machine at that moment), RSS and memory in use over a batch of 1,000 tenders, and
the start-up time of `clausegen --help` and `calc`, and the register section (bench_register.py:
`add`, `report` and `status` for 10,000 contracts on SQLite and PostgreSQL, with query plans). docxtpl is optional
(`pip install 'clausegen[bench]'`). docs/performance.md shows a run and how to read it.

Goals (issue 7): clausegen <= docxtpl per document (ratio <= 1.0) and <= 5x the zip writing;
`--jobs 2` >= 1.5x faster than `--jobs 1` for 40 tenders on 2 cores; memory flat over 1,000
tenders. Other processes on the machine slow every figure down alike; the ratios hold up better
than the absolute times."""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def median_ms(func, repeat: int, warmup: int = 2) -> float:  # noqa: ANN001
    """Median wall time of func() in milliseconds, after warm-up calls."""
    for _ in range(warmup):
        func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
        for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


# ------------------------------------------------------------------------------ inputs


def tender_copy(source: Path, folder: Path, reference: str, delta: int = 0) -> Path:
    """The tender at `source` with another reference and every value `delta` euros higher, so
    amounts in the clause texts differ from copy to copy as in a real batch (no cache flatters it)."""
    import yaml

    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["reference"] = reference
    if data.get("lots"):
        data["lots"] = [{**lot, "value_eur": lot["value_eur"] + delta} for lot in data["lots"]]
        if "value_eur" in data:
            data["value_eur"] = sum(lot["value_eur"] for lot in data["lots"])
    else:
        data["value_eur"] += delta
    path = folder / f"{reference}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def big_library(base: Path, target: Path, articles: int = 40) -> Path:
    """A copy of the library with extra general clauses, so the tender annex has `articles` articles."""
    shutil.copytree(base / "clauses", target / "clauses")
    shutil.copytree(base / "profiles", target / "profiles")
    extra = target / "clauses" / "algemeen" / "bench"
    extra.mkdir()
    for i in range(articles):
        text = (
            f"De Opdrachtnemer voert bepaling {i} uit voor een verplichting van {{{{ plan.total_obligation | euro }}}} "
            "en rapporteert daarover aan de Opdrachtgever, **volledig en tijdig**, in de vorm die de "
            "Opdrachtgever *voorschrijft*.\n\n"
            "1. De Opdrachtnemer legt de gegevens vast die nodig zijn om de nakoming te beoordelen.\n"
            "2. De Opdrachtgever kan de gegevens laten controleren door een onafhankelijke deskundige.\n"
        )
        (extra / f"b{i:02d}.yaml").write_text(
            f"id: bench.b{i:02d}\ntitle: Bepaling {i} voor de meting\nversion: 1\nstatus: approved\n"
            "reviewed_by: Juridische Zaken\nreviewed_on: 2026-11-01\ninstrument: algemeen\n"
            f"documents: [bijlage, overeenkomst]\norder: {5000 + i}\ntext: |\n"
            + "".join(f"  {line}\n" if line else "\n" for line in text.splitlines()),
            encoding="utf-8",
        )
    return target


# ------------------------------------------------------------------------------ the same paragraphs, elsewhere


def flatten(spec) -> list[dict]:  # noqa: ANN001 - a clausegen.blocks.DocumentSpec
    """The paragraphs and tables of a DocumentSpec, each with the style clausegen gives it."""
    from clausegen.blocks import Table
    from clausegen.docx import ooxml

    roles = {
        "body": ooxml.BODY_STYLE, "member": ooxml.MEMBER_STYLE, "sub": ooxml.SUB_STYLE,
        "bullet": ooxml.BULLET_STYLE, "continuation": ooxml.CONTINUATION_STYLE,
        "lot-heading": ooxml.LOT_STYLE, "note": ooxml.NOTE_STYLE,
    }  # fmt: skip
    items: list[dict] = []

    def para(style: str, runs: list[tuple[str, bool, bool]]) -> None:
        items.append({"kind": "p", "style": style, "runs": runs})

    def block(b) -> None:  # noqa: ANN001
        if isinstance(b, Table):
            rows = (
                ([list(b.header)] if b.header else [])
                + [list(r) for r in b.rows]
                + ([list(b.total)] if b.total else [])
            )
            items.append({"kind": "table", "style": "table", "rows": rows})
            para(ooxml.BODY_STYLE, [])
        elif hasattr(b, "labels"):  # a form's answer fields: here a table of label | empty answer
            items.append({"kind": "table", "style": "table", "rows": [[label, ""] for label in b.labels]})
            para(ooxml.BODY_STYLE, [])
        else:
            para(roles[b.role], [(r.text, r.bold, r.italic) for r in b.runs])

    para("Title", [(spec.title, False, False)])
    para("Subtitle", [(spec.subtitle, False, False)])
    items.append({"kind": "table", "style": "table", "rows": [list(r) for r in spec.info]})
    para(ooxml.BODY_STYLE, [])
    for b in spec.intro:
        block(b)
    for article in spec.articles:
        para(ooxml.ARTICLE_STYLE, [(article.title, False, False)])
        for b in article.blocks:
            block(b)
    return items


def python_docx_build(items: list[dict], template: Path) -> bytes:
    """The paragraphs through plain python-docx: add_paragraph with a style, add_run, add_table."""
    import docx

    document = docx.Document(str(template))
    for item in items:
        if item["kind"] == "table":
            rows = item["rows"]
            grid = document.add_table(rows=0, cols=max(len(r) for r in rows))
            grid.style = document.styles["Tabel Social Return"]
            for values in rows:
                for cell, value in zip(grid.add_row().cells, values, strict=False):
                    cell.text = value
            continue
        paragraph = document.add_paragraph(style=item["style"])
        for text, bold, italic in item["runs"]:
            run = paragraph.add_run(text)
            run.bold = bold or None
            run.italic = italic or None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docxtpl_template(template: Path, target: Path, styles: list[str]) -> Path:
    """A docxtpl template over the base template: one loop, a paragraph per style, a table loop."""
    import docx

    document = docx.Document(str(template))
    document.add_paragraph("{%p for item in items %}")
    for style in styles:
        document.add_paragraph(f"{{%p if item.style == '{style}' %}}")
        document.add_paragraph("{{r item.rich }}", style=style)
        document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p if item.style == 'table' %}")
    grid = document.add_table(rows=3, cols=3)
    grid.style = document.styles["Tabel Social Return"]
    grid.cell(0, 0).text = "{%tr for row in item.rows %}"
    grid.cell(1, 0).text = "{%tc for value in row %}"
    grid.cell(1, 1).text = "{{ value }}"
    grid.cell(1, 2).text = "{%tc endfor %}"
    grid.cell(2, 0).text = "{%tr endfor %}"
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")
    document.save(str(target))
    return target


def docxtpl_render(template: Path, items: list[dict]) -> bytes:
    from docxtpl import DocxTemplate, RichText

    document = DocxTemplate(str(template))
    context = []
    for item in items:
        if item["kind"] == "table":
            context.append(item)
            continue
        rich = RichText()
        for text, bold, italic in item["runs"]:
            rich.add(text, bold=bold, italic=italic)
        context.append({"style": item["style"], "rich": rich})
    document.render({"items": context})
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_only(data: bytes):  # noqa: ANN201
    """A function that writes the finished document's parts into a new zip (deflated), nothing else."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        entries = [(info, z.read(info)) for info in z.infolist()]

    def write() -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info, content in entries:
                target.writestr(info, content)
        return out.getvalue()

    return write


# ------------------------------------------------------------------------------ the sections


def per_document(cases: list[tuple[str, Path, Path | None]], repeat: int, work: Path) -> list[dict]:
    from clausegen import api
    from clausegen.documents.assemble import build_document
    from clausegen.docx.writer import BASE_TEMPLATE, write_docx

    try:
        import docxtpl  # noqa: F401

        have_tpl = True
    except ImportError:
        have_tpl = False
        print("docxtpl is not installed: its column is skipped (pip install 'clausegen[bench]')\n")
    rows = []
    for number, (name, tender, library) in enumerate(cases):
        prepared = api.prepare(tender, library)
        files, _ = api.render_documents(prepared)
        docs = len(files)

        copies = iter([tender_copy(tender, work, f"C{number}-{i}", 100 * i) for i in range(1, repeat + 3)])

        def generate(library: Path | None = library, copies=copies) -> None:  # noqa: ANN001
            api.render_documents(api.prepare(next(copies), library))

        ours = median_ms(generate, repeat) / docs
        specs = [build_document(a, prepared.inputs, prepared.library.fingerprint) for a in api.assemblies(prepared)]
        created = api.created_at(prepared.tender)
        writing = (
            median_ms(lambda specs=specs, created=created: [write_docx(s, None, created) for s in specs], repeat) / docs
        )
        items = [flatten(s) for s in specs]
        paragraphs = sum(1 for doc in items for i in doc if i["kind"] == "p") / docs
        slow = max(3, repeat // 4)  # python-docx is slow enough that fewer runs give a stable median
        plain = median_ms(lambda items=items: [python_docx_build(i, BASE_TEMPLATE) for i in items], slow) / docs
        tpl = None
        if have_tpl:
            styles = sorted({i["style"] for doc in items for i in doc if i["kind"] == "p"})
            template = docxtpl_template(BASE_TEMPLATE, work / f"docxtpl-{number}.docx", styles)
            tpl = median_ms(lambda items=items, t=template: [docxtpl_render(t, i) for i in items], repeat) / docs
        zips = [zip_only(data) for data in files.values()]
        zipping = median_ms(lambda zips=zips: [z() for z in zips], repeat) / docs
        rows.append(
            {
                "case": name,
                "documents": docs,
                "paragraphs": paragraphs,
                "clausegen": ours,
                "writer": writing,
                "python-docx": plain,
                "docxtpl": tpl,
                "zip": zipping,
            }  # fmt: skip
        )
    return rows


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_scaling(jobs: int, tasks: int = 40, size: int = 400_000) -> float:
    """How much faster `jobs` processes run a pure-Python loop than one, right now: the ceiling
    for batch on this machine while other programs use the cores too."""
    from concurrent.futures import ProcessPoolExecutor

    seconds = {}
    for n in (1, jobs):
        with ProcessPoolExecutor(max_workers=n) as pool:
            list(pool.map(_spin, [1000] * n))  # workers started
            start = time.perf_counter()
            list(pool.map(_spin, [size] * tasks))
            seconds[n] = time.perf_counter() - start
    return seconds[1] / seconds[jobs]


def batch_throughput(
    sources: list[Path], count: int, jobs: int, runs: int, work: Path, library: Path
) -> tuple[dict[int, float], float]:
    """Median seconds for `count` tenders with 1 and `jobs` processes, and the machine's own
    scaling (`machine_scaling`) measured in the same rounds: the runs alternate, so a program
    that starts using a core meanwhile weighs on both alike."""
    from clausegen.batch import batch

    folder = work / "batch-tenders"
    folder.mkdir()
    tenders = [tender_copy(sources[i % len(sources)], folder, f"B-{i:04d}", 100 * i) for i in range(count)]
    batch(tenders, work / "batch-warm-up", jobs=1, library=library)
    times: dict[int, list[float]] = {n: [] for n in sorted({1, jobs})}
    machine = []
    for run in range(runs):
        for n in times:
            out = work / f"batch-{n}-{run}"
            start = time.perf_counter()
            results = batch(tenders, out, jobs=n, library=library)
            times[n].append(time.perf_counter() - start)
            assert all(r.ok for r in results), [r.error for r in results if not r.ok][:1]
            shutil.rmtree(out)
        machine.append(machine_scaling(jobs))
    return {n: statistics.median(t) for n, t in times.items()}, statistics.median(machine)


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, it does not count the parent before exec)."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_child(count: int, source: Path, work: Path, library: Path) -> None:
    """Run in a fresh process: a batch of `count` tenders in-process (--jobs 1), RSS every 100."""
    from clausegen.batch import batch

    folder = work / "memory-tenders"
    folder.mkdir()
    tenders = [tender_copy(source, folder, f"M-{i:05d}", 100 * i) for i in range(count)]
    samples: dict[int, tuple[float, float | None]] = {}
    done = [0]
    try:  # glibc keeps freed memory for reuse; malloc_trim hands it back, leaving what is live
        import ctypes

        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        trim = None

    def progress(_result) -> None:  # noqa: ANN001
        done[0] += 1
        if done[0] % 100 == 0 or done[0] == count:
            rss = _rss_mb()
            if trim is not None:
                gc.collect()  # garbage waiting for the cycle collector is not in use either
                trim(0)
            samples[done[0]] = (rss, _rss_mb() if trim is not None else None)

    start = time.perf_counter()
    results = batch(tenders, work / "memory-out", jobs=1, library=library, progress=progress)
    elapsed = time.perf_counter() - start
    assert all(r.ok for r in results)
    peak = _peak_mb()
    print(json.dumps({"samples": samples, "peak_mb": peak, "seconds": elapsed}))


def memory(count: int, source: Path, work: Path, library: Path) -> dict:
    sub = work / "memory"
    sub.mkdir()
    done = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(count), str(source), str(sub), str(library)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    shutil.rmtree(sub, ignore_errors=True)
    return json.loads(done.stdout.splitlines()[-1])


def startup(repeat: int, example: Path) -> dict[str, float]:
    exe = shutil.which("clausegen")
    base = [exe] if exe else [sys.executable, "-m", "clausegen.cli"]

    def timed(cmd: list[str]) -> float:
        def run() -> None:
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        return median_ms(run, repeat, warmup=1)

    return {
        "python -c pass": timed([sys.executable, "-c", "pass"]),
        "clausegen --help": timed([*base, "--help"]),
        f"clausegen calc {example.name}": timed([*base, "calc", str(example)]),
    }


# ------------------------------------------------------------------------------ cold start (issue 12)


def _child_env(cache: Path | None) -> dict[str, str]:
    """The environment of a measured process: bytecode is written and read as in an installed
    clausegen (PYTHONDONTWRITEBYTECODE is dropped), the cache in a folder of this run or off."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    if cache is None:
        env["CLAUSEGEN_CACHE"] = "0"
    else:
        env.pop("CLAUSEGEN_CACHE", None)
        env["CLAUSEGEN_CACHE_DIR"] = str(cache)
    return env


def process_ms(cmd: list[str], repeat: int, env: dict[str, str], warmup: int = 1) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system, with the processes it waited for)
    of a whole process, in ms; stdout and stderr thrown away. On a shared machine the CPU time
    moves much less with the load than the wall time, and shows what waits for the disk."""
    for _ in range(warmup):
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def docxtpl_child(items_file: Path, template: Path, outdir: Path) -> None:
    """Run in a process of its own: render every document's paragraphs with docxtpl, to disk."""
    documents = json.loads(items_file.read_text(encoding="utf-8"))
    for name, items in documents.items():
        for item in items:
            if item["kind"] == "p":
                item["runs"] = [tuple(r) for r in item["runs"]]
        (outdir / name).write_bytes(docxtpl_render(template, items))


def cold_start(example: Path, examples: list[Path], library: Path, work: Path, repeat: int, runs: int) -> dict:
    """Whole processes: `calc` (full path, and answered from its cache) against `python -c pass`;
    `clausegen batch` of 40 tenders with --jobs 1 and 2 against docxtpl rendering the same
    paragraphs in a process of its own; the web form's library page (Flask's test client)."""
    exe = [sys.executable, "-m", "clausegen"]
    cache = work / "cold-cache"
    out: dict = {"load_before": os.getloadavg()[0]}
    calc = [*exe, "calc", str(example), "--library", str(library)]
    subprocess.run(calc, check=True, capture_output=True, env=_child_env(None))  # bytecode written
    out["pass"] = process_ms([sys.executable, "-c", "pass"], repeat, _child_env(None))
    out["help"] = process_ms([*exe, "--help"], repeat, _child_env(None))
    out["calc_full"] = process_ms(calc, repeat, _child_env(None))
    out["calc_cached"] = process_ms(calc, repeat, _child_env(cache))  # the warm-up call fills it

    folder = work / "cold-tenders"
    folder.mkdir()
    tenders = [tender_copy(examples[i % len(examples)], folder, f"K-{i:04d}", 100 * i) for i in range(40)]
    from clausegen import api
    from clausegen.documents.assemble import build_document
    from clausegen.docx.writer import BASE_TEMPLATE

    documents: dict[str, list[dict]] = {}
    for tender in tenders:
        prepared = api.prepare(tender, library)
        for assembly in api.assemblies(prepared):
            spec = build_document(assembly, prepared.inputs, prepared.library.fingerprint)
            documents[f"{tender.stem}-{assembly.kind}.docx"] = flatten(spec)
    out["documents"] = len(documents)
    try:
        import docxtpl  # noqa: F401

        items_file = work / "cold-items.json"
        items_file.write_text(json.dumps(documents), encoding="utf-8")
        styles = sorted({i["style"] for doc in documents.values() for i in doc if i["kind"] == "p"})
        template = docxtpl_template(BASE_TEMPLATE, work / "cold-docxtpl.docx", styles)
        tpl_out = work / "cold-docxtpl-out"
        tpl_out.mkdir()
        tpl_cmd = [sys.executable, __file__, "--docxtpl-child", str(items_file), str(template), str(tpl_out)]
        out["docxtpl"] = process_ms(tpl_cmd, runs, _child_env(None), warmup=1)
    except ImportError:
        out["docxtpl"] = None
    # Each --jobs with the cache off (every clause compiled) and on (the clauses' generated code
    # stored by the first round, as for a user's second batch: clausegen/template/stored.py).
    times: dict[tuple[int, bool], list[tuple[float, float]]] = {
        (1, False): [],
        (2, False): [],
        (1, True): [],
        (2, True): [],
    }
    machine = []
    for run in range(runs + 1):  # the first round warms the page cache, the bytecode and the cache
        for jobs, cached in times:
            target = work / f"cold-batch-{jobs}-{cached}-{run}"
            cmd = [*exe, "batch", *map(str, tenders), "-o", str(target), "--jobs", str(jobs), "--library", str(library)]
            measured = process_ms(cmd, 1, _child_env(work / "cold-batch-cache" if cached else None), warmup=0)
            if run:
                times[jobs, cached].append(measured)
            shutil.rmtree(target)
        if run:
            machine.append(machine_scaling(2))
    out["batch"] = {key: tuple(statistics.median(x) for x in zip(*t, strict=True)) for key, t in times.items()}
    out["machine"] = statistics.median(machine)

    from clausegen.web.app import create_app

    client = create_app(library).test_client()
    start = time.perf_counter()
    first = client.get("/bibliotheek", headers={"Host": "127.0.0.1"})
    out["page_first"] = (time.perf_counter() - start) * 1000
    assert first.status_code == 200, first.status_code
    out["page"] = median_ms(lambda: client.get("/bibliotheek", headers={"Host": "127.0.0.1"}), repeat, warmup=1)
    out["load_after"] = os.getloadavg()[0]
    return out


def cold_start_report(c: dict) -> list[tuple[str, str, bool]]:
    """Print the cold-start section; returns its goals (what, measured, met)."""
    base_wall, base_cpu = c["pass"]
    rows = [["process", "wall ms", "CPU ms", "wall x pass", "CPU x pass"]]
    for label, key in [("python -c pass", "pass"), ("clausegen --help", "help"),
                       ("clausegen calc (full path: cache off)", "calc_full"),
                       ("clausegen calc (answered from its cache)", "calc_cached")]:  # fmt: skip
        wall, cpu = c[key]
        rows.append([label, f"{wall:.0f}", f"{cpu:.0f}", f"{wall / base_wall:.1f}x", f"{cpu / base_cpu:.1f}x"])
    for (jobs, cached), (wall, cpu) in c["batch"].items():
        how = "clause code from the cache" if cached else "cache off"
        rows.append([f"clausegen batch 40 tenders --jobs {jobs} ({how})", f"{wall:.0f}", f"{cpu:.0f}", "-", "-"])
    tpl = c["docxtpl"]
    rows.append([f"docxtpl, the same {c['documents']} documents, own process", f"{tpl[0]:.0f}" if tpl else "-",
                 f"{tpl[1]:.0f}" if tpl else "-", "-", "-"])  # fmt: skip
    print(table(rows))
    print(f"library page (Flask test client): first request {c['page_first']:.0f} ms (compiles every clause "
          f"template), then median {c['page']:.0f} ms")  # fmt: skip
    gain = c["batch"][1, True][0] / c["batch"][2, True][0]
    gain_off = c["batch"][1, False][0] / c["batch"][2, False][0]
    print(f"--jobs 2 gains {gain:.2f}x (cache off: {gain_off:.2f}x); 2 processes of a pure-Python loop meanwhile {c['machine']:.2f}x; "
          f"load average {c['load_before']:.2f} before, {c['load_after']:.2f} after")  # fmt: skip
    print("CPU: user + system time of the process and the workers it waited for; batch fsyncs every file "
          "(all-or-nothing output), docxtpl only writes them.\n")  # fmt: skip
    worst = max(wall for wall, _ in c["batch"].values())
    return [
        ("calc <= 10x python -c pass (answered from its cache)", f"{c['calc_cached'][0] / base_wall:.1f}x",
         c["calc_cached"][0] <= 10 * base_wall),
        ("calc <= 10x python -c pass (full path, cache off)", f"{c['calc_full'][0] / base_wall:.1f}x",
         c["calc_full"][0] <= 10 * base_wall),
        ("batch of 40 (process, slower of --jobs 1/2) <= docxtpl (process)",
         f"{worst / tpl[0]:.2f}" if tpl else "not measured", tpl is not None and worst <= tpl[0]),
        ("--jobs 2 >= 1.6x --jobs 1 (whole process, 40 tenders, cache on)",
         f"{gain:.2f}x (cache off {gain_off:.2f}x, machine {c['machine']:.2f}x)",
         gain >= 1.6),
        ("library page < 300 ms (after the first request)", f"{c['page']:.0f} ms (first {c['page_first']:.0f})",
         c["page"] < 300),
    ]  # fmt: skip


# ------------------------------------------------------------------------------ report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and a batch of 200 for memory")
    parser.add_argument("--library", type=Path, default=None, help="library folder (default: the built-in one)")
    parser.add_argument("--memory-child", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--docxtpl-child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--cold-start", action="store_true", help="run only the cold-start section (issue 12)")
    parser.add_argument("--register-contracts", type=int, default=10_000, help="contracts in the register section")
    parser.add_argument("--register-only", action="store_true", help="run only the register section")
    parser.add_argument("--pg", default=None, help="PostgreSQL URL for the register section (else $CLAUSEGEN_TEST_PG)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_register import register_section

    if args.register_only:
        register_section(args.register_contracts, args.pg)
        return 0
    if args.docxtpl_child:
        items, template, outdir = args.docxtpl_child
        docxtpl_child(Path(items), Path(template), Path(outdir))
        return 0
    if args.memory_child:
        count, source, work, library = args.memory_child
        memory_child(int(count), Path(source), Path(work), Path(library))
        return 0

    from clausegen import __version__
    from clausegen.batch import default_jobs
    from clausegen.library.load import load_library

    repeat = 5 if args.quick else 21
    batch_runs = 1 if args.quick else 5
    memory_count = 200 if args.quick else 1000
    jobs = default_jobs()
    examples = sorted(p for p in EXAMPLES.glob("*.yaml") if not p.stem.endswith("-gunning"))  # not award files
    started = time.perf_counter()
    print(f"clausegen {__version__} benchmark  {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores "
          f"({jobs} usable), load average {os.getloadavg()[0]:.2f}{'  --quick' if args.quick else ''}\n")  # fmt: skip

    with tempfile.TemporaryDirectory(prefix="clausegen-bench-") as tmp:
        work = Path(tmp)
        # A copy of the library: files edited while the benchmark runs would make it load again.
        library = work / "library"
        for sub in ("clauses", "profiles"):
            shutil.copytree(load_library(args.library).root / sub, library / sub)
        big = big_library(library, work / "big-library")
        clauses = len(list((library / "clauses").rglob("*.yaml")))
        print(f"library: {clauses} clauses, {len(list((library / 'profiles').glob('*.yaml')))} profiles; "
              f"examples: {len(examples)}\n")  # fmt: skip
        cold_title = (f"Cold start (whole processes, median of {5 if args.quick else 9}; batch {batch_runs} "
                      "alternating run(s))")  # fmt: skip
        if args.cold_start:
            print(cold_title)
            cold = cold_start(examples[0], examples, library, work, 5 if args.quick else 9, batch_runs)
            goals = cold_start_report(cold)
            print(table([["goal", "measured", "met"]] + [[g, m, "yes" if ok else "NO"] for g, m, ok in goals]))
            return 0
        cases = [(p.stem, p, library) for p in examples]
        base = next((p for p in examples if p.stem.startswith("schoonmaak")), examples[0])
        cases.append((f"{base.stem} +40 articles", base, big))

        print(f"Per document, in-process, median of {repeat} after warm-up (ms)")
        rows = per_document(cases, repeat, work)
        header = ["case", "docs", "paras", "clausegen", "(writer)", "python-docx", "docxtpl", "zip only",
                  "vs python-docx", "vs docxtpl", "vs zip"]  # fmt: skip
        lines = [header]
        for r in rows:
            tpl = r["docxtpl"]
            lines.append([r["case"], str(r["documents"]), f"{r['paragraphs']:.0f}", f"{r['clausegen']:.1f}",
                          f"{r['writer']:.1f}", f"{r['python-docx']:.1f}", f"{tpl:.1f}" if tpl else "-",
                          f"{r['zip']:.1f}", f"{r['clausegen'] / r['python-docx']:.2f}",
                          f"{r['clausegen'] / tpl:.2f}" if tpl else "-", f"{r['clausegen'] / r['zip']:.1f}x"])  # fmt: skip
        print(table(lines))
        print("clausegen: read + validate the tender, plan, render the clauses, write every .docx (in memory);")
        print("(writer): of which writing the .docx from the rendered blocks; python-docx/docxtpl: the same")
        print("paragraphs, styles and tables into the same base template; zip only: writing the finished parts.\n")

        print(f"Batch of 40 tenders to disk (examples round-robin), median of {batch_runs} alternating run(s)")
        seconds, machine = batch_throughput(examples, 40, jobs, batch_runs, work, library)
        lines = [["jobs", "seconds", "tenders/s", "speed-up"]]
        for n, s in seconds.items():
            lines.append([str(n), f"{s:.2f}", f"{40 / s:.1f}", f"{seconds[1] / s:.2f}x"])
        print(table(lines))
        print(f"this machine meanwhile: {jobs} processes of a pure-Python loop ran {machine:.2f}x as fast as one\n")

        print(f"Memory over a batch of {memory_count:,} tenders (--jobs 1, in a fresh process)")
        mem = memory(memory_count, base, work, library)
        samples = {int(k): v for k, v in mem["samples"].items()}
        low, high = min(samples), max(samples)
        half = min(samples, key=lambda k: abs(k - high // 2))
        raw_growth = samples[high][0] - samples[low][0]
        late_growth = samples[high][0] - samples[half][0]
        live = samples[low][1] is not None
        live_growth = samples[high][1] - samples[low][1] if live else None
        lines = [["after tenders", "RSS (MB)", "after malloc_trim (MB)"]] + [
            [f"{k:,}", f"{v[0]:.1f}", f"{v[1]:.1f}" if v[1] is not None else "-"] for k, v in sorted(samples.items())
        ]
        print(table(lines))
        print(
            f"RSS growth {low} -> {high:,} tenders: {raw_growth:+.1f} MB ({half:,} -> {high:,}: {late_growth:+.1f} MB)"
            + (f"; after malloc_trim {live_growth:+.1f} MB" if live else "")
            + f"; peak RSS {mem['peak_mb']:.1f} MB; {memory_count / mem['seconds']:.1f} tenders/s"
        )
        print("(glibc keeps freed memory for reuse up to a plateau; gc.collect + malloc_trim show what is in use)\n")  # fmt: skip

        print(f"Start-up, median of {5 if args.quick else 9} runs (ms)")
        times = startup(5 if args.quick else 9, examples[0])
        print(table([["command", "ms"]] + [[k, f"{v:.0f}"] for k, v in times.items()]) + "\n")

        print(cold_title)
        cold_goals = cold_start_report(cold_start(examples[0], examples, library, work, 5 if args.quick else 9,
                                                  batch_runs))  # fmt: skip

    print("Register (issue 16)")
    register_section(args.register_contracts, args.pg)
    print()

    print("Goals")
    worst_tpl = max((r["clausegen"] / r["docxtpl"] for r in rows if r["docxtpl"]), default=None)
    worst_zip = max(r["clausegen"] / r["zip"] for r in rows)
    speedup = seconds[1] / seconds[max(seconds)]
    goals = [
        ("clausegen <= docxtpl per document (worst ratio)", f"{worst_tpl:.2f}" if worst_tpl else "not measured",
         worst_tpl is not None and worst_tpl <= 1.0),
        ("clausegen <= 5x writing the zip (worst)", f"{worst_zip:.1f}x", worst_zip <= 5.0),
        (f"--jobs {max(seconds)} >= 1.5x --jobs 1 (40 tenders)", f"{speedup:.2f}x (machine {machine:.2f}x)",
         max(seconds) > 1 and speedup >= 1.5),
        (f"memory flat over {memory_count:,} tenders (in use, and RSS in the 2nd half, < 5 MB growth)",
         f"{live_growth:+.1f} / {late_growth:+.1f} MB" if live else f"- / {late_growth:+.1f} MB",
         (live_growth is None or live_growth < 5) and late_growth < 5),
        *cold_goals,
    ]  # fmt: skip
    print(table([["goal", "measured", "met"]] + [[g, m, "yes" if ok else "NO"] for g, m, ok in goals]))
    print(f"\n(total benchmark time {time.perf_counter() - started:.0f} s; load average now {os.getloadavg()[0]:.2f})")
    return 0


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
