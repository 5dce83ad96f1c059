"""Only regular files are read: a named pipe, a link to a device, a socket, a dangling
link or a loop of links where a session or reportgen.toml should be is one located
error (exit 2), never a hang, an exhausted memory or an internal error."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from reportgen.cli import main
from reportgen.errors import ExitCode, InputError
from reportgen.pipeline import templates
from reportgen.util import files

MINIMAL = ROOT / "tests" / "roots" / "minimal" / "session.yaml"
NOT_A_FILE = ("not a file: reportgen reads only regular files "
              "(put the {} file itself here)")
SESSION_NOT_A_FILE = NOT_A_FILE.format("session.yaml")


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A read that blocks (the bug these tests guard against) fails the test instead."""
    def stop(_signal: int, _frame: object) -> None:
        raise TimeoutError("reportgen blocked on a file that is not a regular file")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _loop(path: Path) -> None:
    path.symlink_to(path.name)  # a link to itself


def _dangling(path: Path) -> None:
    path.symlink_to("gone.yaml")


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays


KINDS: dict[str, tuple[Callable[[Path], None], str]] = {
    "named pipe": (_fifo, "this is a named pipe (FIFO), " + SESSION_NOT_A_FILE),
    "link to /dev/zero": (_zero, "this is a symbolic link to '/dev/zero', a character "
                                 "device, " + SESSION_NOT_A_FILE),
    "socket": (_socket, "this is a socket, " + SESSION_NOT_A_FILE),
    "link loop": (_loop, "this symbolic link leads round in a loop and never reaches a file "
                         "(point it at the file itself)"),
    "dangling link": (_dangling, "this symbolic link points to 'gone.yaml', which does not "
                                 "exist (correct the link, or put the file itself here)"),
}


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stderr


def _digests(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (temporary ones too) with its sha256."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def project(tmp_path: Path) -> tuple[Path, Path]:
    """meetings/good/ built once into out/, and meetings/odd/ for the odd entry."""
    good = tmp_path / "meetings" / "good"
    good.mkdir(parents=True)
    shutil.copy(MINIMAL, good / "session.yaml")
    (tmp_path / "meetings" / "odd").mkdir()
    out = tmp_path / "out"
    code, err = _cli("build", str(good), "--to", "txt", "--out", str(out), "-q")
    assert code == ExitCode.OK, err
    return tmp_path / "meetings", out


@pytest.fixture(params=list(KINDS))
def odd(request: pytest.FixtureRequest, project: tuple[Path, Path]) -> tuple[Path, str]:
    """meetings/odd/session.yaml made into each kind of entry, and its message."""
    make, message = KINDS[request.param]
    path = project[0] / "odd" / "session.yaml"
    make(path)
    return path, message


def test_an_odd_session_named_directly_is_a_located_error(project: tuple[Path, Path],
                                                          odd: tuple[Path, str]) -> None:
    meetings, (path, message) = project[0], odd
    for command in ("check", "numbers"):  # numbers reads the file without the build's checks
        args = [command, str(path)] + ([str(meetings / "good")] if command == "numbers" else [])
        code, err = _cli(*args)
        assert code == ExitCode.INVALID_INPUT, command
        assert err == f"{path}: error: {message}\n1 error; nothing was written\n", command


def test_an_odd_session_found_in_a_folder_is_a_located_error(project: tuple[Path, Path],
                                                            odd: tuple[Path, str]) -> None:
    (meetings, out), (path, message) = project, odd
    before = _digests(out)
    code, err = _cli("build", str(meetings), "--to", "txt", "--out", str(out))
    assert code == ExitCode.INVALID_INPUT
    assert err == f"{path}: error: {message}\n1 error; nothing was written\n"
    assert _digests(out) == before  # no output changed, no temporary file left


def test_every_odd_session_below_a_folder_is_listed_at_once(tmp_path: Path) -> None:
    for index, (make, _message) in enumerate(KINDS.values()):
        folder = tmp_path / f"s{index}"
        folder.mkdir()
        make(folder / "session.yaml")
    (tmp_path / "s0" / "up").symlink_to("..")  # a link back up is not walked round
    code, err = _cli("check", str(tmp_path))
    assert code == ExitCode.INVALID_INPUT
    assert err.splitlines() == [f"{tmp_path / f's{i}' / 'session.yaml'}: error: {message}"
                                for i, (_make, message) in enumerate(KINDS.values())] \
        + ["5 errors; nothing was written"]


@pytest.mark.parametrize("kind", ["named pipe", "link to /dev/zero", "dangling link"])
def test_an_odd_reportgen_toml_is_a_located_error(project: tuple[Path, Path],
                                                  kind: str) -> None:
    meetings, out = project
    make, message = KINDS[kind]
    toml = meetings.parent / "reportgen.toml"
    make(toml)
    before = _digests(out)
    code, err = _cli("build", str(meetings / "good"), "--to", "txt", "--out", str(out))
    assert code == ExitCode.INVALID_INPUT
    expected = message.replace("session.yaml", "reportgen.toml")
    assert err == f"{toml}: error: {expected}\n1 error; nothing was written\n"
    assert _digests(out) == before


def test_config_option_naming_a_device_is_a_located_error(project: tuple[Path, Path]) -> None:
    meetings, _out = project
    code, err = _cli("check", str(meetings / "good"), "--config", "/dev/null")
    assert code == ExitCode.INVALID_INPUT
    assert err == ("/dev/null: error: this is a character device, "
                   + NOT_A_FILE.format("reportgen.toml") + "\n1 error; nothing was written\n")


def test_the_size_limit_counts_the_bytes_read_not_what_stat_says() -> None:
    # /proc files are regular files whose stat size is 0, whatever they hold.
    status = Path("/proc/self/status")
    if not status.is_file() or status.stat().st_size != 0:
        pytest.skip("needs Linux's /proc")
    with pytest.raises(InputError) as raised:
        files.read_bytes(status, files.SESSION, limit=100)
    assert [str(d) for d in raised.value.diagnostics] == [
        "/proc/self/status: error: the file is more than 100 bytes; a session file may be "
        "at most 100 bytes (is this the right file?)"]
    assert files.read_bytes(status, files.SESSION).startswith(b"Name:")



@pytest.mark.parametrize("name", ["reference-docx/word/big.bin", "assets/un-emblem.jpg"])
def test_a_template_file_too_large_is_a_located_error(tmp_path: Path, name: str) -> None:
    """Refused before anything reads it whole (the reference document, the PDF's images)."""
    shutil.copy(MINIMAL, tmp_path / "session.yaml")
    big = tmp_path / "templates" / name
    big.parent.mkdir(parents=True)
    with big.open("wb") as handle:  # sparse: no disk used
        handle.truncate(templates.MAX_FILE_BYTES + 5 * 1024 * 1024)
    code, err = _cli("build", str(tmp_path), "--out", str(tmp_path / "out"))
    assert code == ExitCode.INVALID_INPUT
    assert err == (f"{big}: error: a file of 25.0 MB: a file of a template folder may be at "
                   "most 20 MB; make it smaller or remove it\n1 error; nothing was written\n")
    assert not (tmp_path / "out").exists()
