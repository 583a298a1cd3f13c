"""The process entry (`python -m clausegen`, the `clausegen` script: clausegen/__main__.py) ends
without the interpreter teardown, and loses nothing by it: the whole output reaches a pipe, the
exit status is the command's, exit handlers run, and the normal end is kept where it may matter."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, run_cli

import clausegen.__main__ as entry


def process(*args: str, code: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CLAUSEGEN_CACHE": "0"}
    cmd = [sys.executable, "-c", code] if code else [sys.executable, "-m", "clausegen", *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, check=False, timeout=120)


def test_the_whole_output_reaches_a_pipe_with_the_commands_status() -> None:
    tender = str(EXAMPLES / "schoonmaak-den-haag.yaml")
    done = process("calc", tender)
    assert done.returncode == 0, done.stderr
    assert done.stdout == run_cli("calc", tender).stdout
    assert done.stdout.strip().splitlines()[-1]  # the last line too, not only what was flushed early


def test_bad_input_keeps_exit_2_and_its_message() -> None:
    done = process("calc", "/no/such/tender.yaml")
    assert done.returncode == 2
    assert done.stderr.startswith("Error: /no/such/tender.yaml: ")


def test_exit_handlers_run(tmp_path: Path) -> None:
    mark = tmp_path / "ran"
    code = (
        "import atexit, sys\n"
        f"atexit.register(lambda: open({str(mark)!r}, 'w').write('ran'))\n"
        "sys.argv = ['clausegen', '--version']\n"
        "from clausegen.__main__ import run\n"
        "run()\n"
    )
    done = process(code=code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("clausegen, version ")
    assert mark.read_text() == "ran"


class Ended(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


@pytest.fixture
def no_real_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake(status: int) -> None:
        raise Ended(status)

    monkeypatch.setattr(entry.os, "_exit", fake)
    monkeypatch.setattr(entry.atexit, "_run_exitfuncs", lambda: None)
    for name in entry.KEEP_TEARDOWN_FOR:
        monkeypatch.delitem(sys.modules, name, raising=False)


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (2, 2)])
def test_the_status_is_what_sys_exit_would_give(no_real_exit: None, code: int | None, status: int) -> None:
    with pytest.raises(Ended) as ended:
        entry.end(code)
    assert ended.value.status == status


def test_a_message_as_exit_code_is_printed_with_status_1(
    no_real_exit: None, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(Ended) as ended:
        entry.end("gestopt")
    assert ended.value.status == 1
    assert capsys.readouterr().err == "gestopt\n"


def test_a_running_thread_keeps_the_normal_end(no_real_exit: None) -> None:
    release = threading.Event()
    worker = threading.Thread(target=release.wait, daemon=False)
    worker.start()
    try:
        with pytest.raises(SystemExit) as ended:
            entry.end(0)
        assert ended.value.code == 0
    finally:
        release.set()
        worker.join()


def test_a_loaded_database_driver_keeps_the_normal_end(no_real_exit: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sqlalchemy", sys.modules["os"])
    with pytest.raises(SystemExit) as ended:
        entry.end(3)
    assert ended.value.code == 3
