"""Nothing is lost: files are written under temporary names and renamed only when all are
complete; existing files are kept unless --force; an error, Ctrl-C or a full disk while writing
leaves OUTDIR exactly as it was, without `.clausegen-tmp-*` leftovers."""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path

import pytest
from conftest import run_cli

from clausegen import output
from clausegen.errors import ClausegenError, OutputExistsError
from clausegen.output import write_all

TENDER = """\
reference: 2026-0960
title: Schoonmaak kantoren Delft
contracting_authority: Gemeente Voorbeeld
category: schoonmaak
contract_type: overeenkomst
value_eur: 1200000
duration_months: 36
publication_date: 2026-12-01
"""
NAMES = [
    "2026-0960-bijlage-social-return.docx",
    "2026-0960-overeenkomst-social-return.docx",
    "manifest.json",
]


def snapshot(folder: Path) -> dict[str, bytes] | None:
    """Every file under `folder` (hidden ones too) with its bytes; None when there is no folder."""
    if not folder.exists():
        return None
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def tender(tmp_path: Path) -> Path:
    path = tmp_path / "tender.yaml"
    path.write_text(TENDER, encoding="utf-8")
    return path


@pytest.fixture
def previous(tmp_path: Path, tender: Path) -> Path:
    """OUTDIR holding the output of an earlier run (made different, to see restores) and a
    file of the buyer's own."""
    outdir = tmp_path / "out"
    result = run_cli("generate", tender, "-o", outdir)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in outdir.iterdir()) == sorted(NAMES)
    for name in NAMES:
        (outdir / name).write_bytes(b"earlier run: " + name.encode())
    (outdir / "notities.txt").write_text("van de inkoper")
    return outdir


# ---------------------------------------------------------------------------------- CLI


def test_a_run_leaves_only_the_documents_and_the_manifest(tmp_path: Path, tender: Path) -> None:
    outdir = tmp_path / "nieuw" / "map"
    result = run_cli("generate", tender, "-o", outdir)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in outdir.iterdir()) == sorted(NAMES)


def test_existing_files_are_kept_without_force(previous: Path, tender: Path) -> None:
    before = snapshot(previous)
    result = run_cli("generate", tender, "-o", previous)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {previous / NAMES[0]} bestaat al (en nog 2 bestanden); gebruik --force om te overschrijven, of kies een andere map met -o"
    ]
    assert snapshot(previous) == before


def test_force_overwrites_our_files_and_keeps_the_others(previous: Path, tender: Path) -> None:
    result = run_cli("generate", tender, "-o", previous, "--force")
    assert result.exit_code == 0, result.stderr
    after = snapshot(previous)
    assert after is not None
    assert sorted(after) == sorted([*NAMES, "notities.txt"])
    assert after["notities.txt"] == b"van de inkoper"
    for name in NAMES:
        assert not after[name].startswith(b"earlier run")


def test_outdir_that_is_a_file(tmp_path: Path, tender: Path) -> None:
    target = tmp_path / "out"
    target.write_text("a file")
    result = run_cli("generate", tender, "-o", target)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"Error: {target}: dit pad bestaat al en is geen map; kies met -o een map"]
    assert target.read_text() == "a file"


def _fail_on_call(monkeypatch: pytest.MonkeyPatch, module_attr: str, number: int, error: BaseException) -> list:
    """Make the `number`-th call of os.<module_attr> (as output.py calls it) raise `error`."""
    real = getattr(os, module_attr)
    calls: list = []

    def patched(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(args)
        if len(calls) == number:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(output.os, module_attr, patched)
    return calls


@pytest.mark.parametrize("number", [1, 2, 3])
def test_a_failing_rename_restores_everything(
    number: int, previous: Path, tender: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(previous)
    _fail_on_call(monkeypatch, "replace", number, OSError(errno.EIO, "Input/output error"))
    result = run_cli("generate", tender, "-o", previous, "--force")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {previous}: de uitvoer kon niet worden geschreven (Input/output error); er is niets veranderd; "
        "controleer de rechten en de vrije ruimte van de map"
    ]
    assert snapshot(previous) == before


@pytest.mark.parametrize("number", [1, 2, 3])
def test_ctrl_c_while_renaming_restores_everything(
    number: int, previous: Path, tender: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(previous)
    _fail_on_call(monkeypatch, "replace", number, KeyboardInterrupt())
    result = run_cli("generate", tender, "-o", previous, "--force")
    assert result.exit_code == 1  # click: "Aborted!"
    assert "Aborted!" in result.stderr
    assert snapshot(previous) == before


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name != "posix", reason="needs POSIX signals")
@pytest.mark.parametrize("number", [1, 3])
def test_sigterm_while_renaming_restores_everything(
    number: int, previous: Path, tender: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real SIGTERM (what `kill` and service managers send) halfway through the renames."""
    before = snapshot(previous)
    real = os.replace
    calls = []

    def replace_then_terminated(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(args)
        result = real(*args, **kwargs)
        if len(calls) == number:
            os.kill(os.getpid(), signal.SIGTERM)
            os.kill(os.getpid(), signal.SIGTERM)  # a second one during the rollback is ignored
        return result

    monkeypatch.setattr(output.os, "replace", replace_then_terminated)
    handler = signal.getsignal(signal.SIGTERM)
    result = run_cli("generate", tender, "-o", previous, "--force")
    assert result.exit_code == 128 + signal.SIGTERM
    assert snapshot(previous) == before
    assert signal.getsignal(signal.SIGTERM) is handler  # put back after the run


def test_ctrl_c_while_keeping_an_old_file_aside(previous: Path, tender: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(previous)
    _fail_on_call(monkeypatch, "link", 2, KeyboardInterrupt())
    result = run_cli("generate", tender, "-o", previous, "--force")
    assert result.exit_code == 1
    assert snapshot(previous) == before


@pytest.mark.parametrize("number", [1, 2, 3])
def test_disk_full_while_writing_leaves_outdir_as_it_was(
    number: int, previous: Path, tender: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(previous)
    _fail_on_call(monkeypatch, "fsync", number, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    result = run_cli("generate", tender, "-o", previous, "--force")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {previous}: de uitvoer kon niet worden geschreven (No space left on device); er is niets "
        "veranderd; controleer de rechten en de vrije ruimte van de map"
    ]
    assert snapshot(previous) == before


def test_disk_full_in_a_new_folder_leaves_no_folder(
    tmp_path: Path, tender: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outdir = tmp_path / "a" / "b" / "out"
    _fail_on_call(monkeypatch, "fsync", 2, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    result = run_cli("generate", tender, "-o", outdir)
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert not (tmp_path / "a").exists()


def test_an_exception_inside_the_writer_leaves_nothing(
    tmp_path: Path, tender: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug (not an OSError) halfway through writing: nothing stays behind, the error is raised."""
    outdir = tmp_path / "out"
    real = output._fsync_write
    calls = []

    def broken(path: str, data: bytes) -> None:
        calls.append(path)
        real(path, data[: len(data) // 2])
        if len(calls) == 2:
            raise RuntimeError("writer crashed")

    monkeypatch.setattr(output, "_fsync_write", broken)
    with pytest.raises(RuntimeError, match="writer crashed"):
        run_cli("generate", tender, "-o", outdir)
    assert not outdir.exists()


# ---------------------------------------------------------------------------------- API


FILES = {"a.docx": b"A" * 5000, "b.docx": b"B" * 7000, "manifest.json": b"{}\n"}


def test_write_all_refuses_existing_files_without_force(tmp_path: Path) -> None:
    (tmp_path / "b.docx").write_bytes(b"old")
    with pytest.raises(OutputExistsError) as caught:
        write_all(tmp_path, FILES, force=False)
    assert (
        str(caught.value)
        == f"{tmp_path / 'b.docx'} bestaat al; gebruik --force om te overschrijven, of kies een andere map met -o"
    )
    assert snapshot(tmp_path) == {"b.docx": b"old"}


def test_a_dangling_symlink_counts_as_existing(tmp_path: Path) -> None:
    (tmp_path / "a.docx").symlink_to(tmp_path / "nowhere")
    with pytest.raises(OutputExistsError):
        write_all(tmp_path, FILES, force=False)


def test_force_replaces_a_symlink_not_its_target(tmp_path: Path) -> None:
    """A link in OUTDIR is replaced by the new file; the file it pointed at is not written."""
    elsewhere = tmp_path / "elsewhere.docx"
    elsewhere.write_bytes(b"not yours")
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "a.docx").symlink_to(elsewhere)
    write_all(outdir, FILES, force=True)
    assert elsewhere.read_bytes() == b"not yours"
    assert not (outdir / "a.docx").is_symlink()
    assert (outdir / "a.docx").read_bytes() == FILES["a.docx"]


OS_CALLS = ["open", "fsync", "link", "replace"]


@pytest.mark.parametrize("call", OS_CALLS)
@pytest.mark.parametrize(
    "error", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()], ids=["enospc", "ctrl-c"]
)
def test_any_failing_step_leaves_outdir_as_it_was(
    call: str, error: BaseException, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fail the 1st, 2nd, ... call of each system call output.py makes, until a run gets through:
    each failed run leaves the folder byte for byte as it was."""
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "a.docx").write_bytes(b"old a")
    (outdir / "keep.txt").write_bytes(b"keep")
    before = snapshot(outdir)
    real = getattr(os, call)
    for number in range(1, 20):
        calls = []

        def patched(*args, _n=number, _calls=calls, **kwargs):  # noqa: ANN002, ANN003, ANN202
            _calls.append(args)
            if len(_calls) == _n:
                raise error
            return real(*args, **kwargs)

        monkeypatch.setattr(output.os, call, patched)
        try:
            write_all(outdir, FILES, force=True)
        except (ClausegenError, KeyboardInterrupt):
            assert snapshot(outdir) == before, f"{call} #{number}"
            continue
        finally:
            monkeypatch.setattr(output.os, call, real)
        break
    else:
        pytest.fail(f"write_all never got through with {call} failing")
    assert snapshot(outdir) == {**FILES, "keep.txt": b"keep"}


def test_a_reference_cannot_lead_out_of_outdir(tmp_path: Path) -> None:
    """The reference names the files; slashes and dots in it never make a path outside OUTDIR."""
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER.replace("reference: 2026-0960", "reference: '../../buiten/2026 0960'"))
    outdir = tmp_path / "sub" / "out"
    result = run_cli("generate", tender, "-o", outdir)
    assert result.exit_code == 0, result.stderr
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert written == sorted(
        [Path("tender.yaml"), Path("sub/out/manifest.json")]
        + [Path("sub/out") / name.replace("2026-0960", "buiten-2026-0960") for name in NAMES[:2]]
    )
