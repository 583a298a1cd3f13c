"""Processes and races (issue 11): `batch` workers end with their parent (SIGKILL, SIGTERM,
Ctrl-C), a rerun completes what is missing, two `generate` runs into one folder never both
succeed, and a killed run's temporary files do not survive a --force rerun. Real processes,
bounded in time."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, run_cli

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

EXAMPLE = EXAMPLES / "schoonmaak-den-haag.yaml"
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "CI": "true"}


def tenders(folder: Path, count: int) -> list[Path]:
    text = EXAMPLE.read_text(encoding="utf-8")
    out = []
    for number in range(count):
        path = folder / f"t{number:03}.yaml"
        path.write_text(text.replace("reference: 2026-0142", f"reference: 2026-{5000 + number}"), encoding="utf-8")
        out.append(path)
    return out


def children(pid: int) -> set[int]:
    found: set[int] = set()
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found |= {int(x) for x in handle.read().split()}
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def start_batch(tmp_path: Path, count: int = 60) -> tuple[subprocess.Popen, set[int]]:
    """A batch of `count` tenders on 2 workers; returns once both workers run."""
    files = tenders(tmp_path, count)
    process = subprocess.Popen(
        [sys.executable, "-m", "clausegen.cli", "batch", *map(str, files), "-o", str(tmp_path / "out"), "-j", "2"],
        env=ENV,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2:
        workers = {pid for pid in children(process.pid) if alive(pid)}
        time.sleep(0.05)
    if len(workers) < 2:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("the batch did not start two workers within 60 s")
    return process, workers


def assert_all_end(process: subprocess.Popen, workers: set[int]) -> None:
    try:
        process.wait(timeout=30)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(alive(pid) for pid in workers):
            time.sleep(0.05)
        assert not [pid for pid in workers if alive(pid)], "workers outlived their parent"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_batch_workers_end_when_the_parent_is_killed(tmp_path: Path, signum: int) -> None:
    process, workers = start_batch(tmp_path)
    os.kill(process.pid, signum)
    assert_all_end(process, workers)
    if signum == signal.SIGTERM:
        assert process.returncode == 128 + signal.SIGTERM


def test_batch_workers_end_on_ctrl_c(tmp_path: Path) -> None:
    process, workers = start_batch(tmp_path)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C in a terminal reaches the whole group
    assert_all_end(process, workers)
    assert process.returncode != 0


def test_a_rerun_completes_the_folders_a_killed_batch_left_out(tmp_path: Path) -> None:
    process, workers = start_batch(tmp_path, 40)
    time.sleep(1.0)
    os.kill(process.pid, signal.SIGKILL)
    assert_all_end(process, workers)
    out = tmp_path / "out"
    files = sorted(tmp_path.glob("t*.yaml"))
    result = run_cli("batch", *files, "-o", out, "--force", "-j", "2")
    assert result.exit_code == 0, result.output
    for number in range(40):
        folder = out / f"2026-{5000 + number}"
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        assert all((folder / d["path"]).is_file() for d in manifest["documents"])
        assert not [p for p in folder.iterdir() if p.name.startswith(".clausegen")]


def test_folders_with_only_a_killed_runs_leftovers_count_as_missing(tmp_path: Path) -> None:
    files = tenders(tmp_path, 2)
    out = tmp_path / "out"
    (out / "2026-5000").mkdir(parents=True)
    (out / "2026-5000" / ".clausegen.lock").write_text("")
    (out / "2026-5000" / ".clausegen-tmp-0123456789ab-0.part").write_bytes(b"half a document")
    result = run_cli("batch", *files, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "2026-5000").iterdir() if p.name.startswith(".")) == []
    assert (out / "2026-5000" / "manifest.json").is_file()


def generate_process(out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "clausegen.cli", "generate", str(EXAMPLE), "-o", str(out)],
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_generate_runs_into_one_folder_never_both_succeed(tmp_path: Path) -> None:
    for trial in range(4):
        out = tmp_path / f"out{trial}"
        runs = [generate_process(out), generate_process(out)]
        results = [(run.wait(timeout=120), run.stderr.read()) for run in runs]
        codes = sorted(code for code, _ in results)
        assert codes == [0, 2], results
        error = next(err for code, err in results if code == 2)
        assert len(error.strip().splitlines()) == 1 and "Traceback" not in error
        assert "bestaat al" in error or "een andere clausegen-run" in error
        assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]
        assert not (out / ".clausegen.lock").exists()


def test_a_run_that_finds_the_folder_locked_fails_with_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out / ".clausegen.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        result = run_cli("generate", EXAMPLE, "-o", out)
    finally:
        os.close(fd)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {out}: een andere clausegen-run schrijft op dit moment in deze map; wacht tot die klaar is, of "
        "kies een andere map met -o"
    ]
    assert sorted(p.name for p in out.iterdir()) == [".clausegen.lock"]


def test_a_force_rerun_removes_a_killed_runs_temporary_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("generate", EXAMPLE, "-o", out).exit_code == 0
    leftovers = [out / ".clausegen-tmp-a1b2c3d4e5f6-0.part", out / ".clausegen-tmp-a1b2c3d4e5f6-1.old"]
    for leftover in leftovers:
        leftover.write_bytes(b"from a run killed with SIGKILL")
    result = run_cli("generate", EXAMPLE, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]


def test_a_generate_killed_while_writing_leaves_nothing_a_rerun_keeps(tmp_path: Path) -> None:
    """SIGKILL at a random moment of a real run: a --force rerun gives a complete folder."""
    out = tmp_path / "out"
    run = generate_process(out)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.exists() and any(out.iterdir())):
        time.sleep(0.005)
    run.kill()
    run.wait(timeout=30)
    result = run_cli("generate", EXAMPLE, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert names == sorted([d["path"] for d in manifest["documents"]] + ["manifest.json"])
