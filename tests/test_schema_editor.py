"""The schema in an editor: Red Hat's yaml-language-server (what VS Code's YAML
extension runs) reads the first line ``reportgen new`` writes, and shows the key's
documentation on hover and underlines the mistakes ``check`` would refuse.

The server is the real one, from the npm registry (installed once into
``~/.cache/reportgen-tests``), driven over its standard input and output as an
editor drives it (the Language Server Protocol)."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import EXAMPLE, require_tool
from reportgen.cli import main

VERSION = "1.25.0"  # the newest 1.x on npm when this was written
SETTINGS = {"yaml": {"validate": True, "hover": True, "completion": True,
                     "schemaStore": {"enable": False}}}


def _server() -> Path:
    """yaml-language-server's script, installed with npm when it is not yet."""
    require_tool("node")
    folder = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / \
        "reportgen-tests" / f"yaml-language-server-{VERSION}"
    script = folder / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
    if not script.is_file():
        npm = require_tool("npm")
        done = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix",
                               str(folder), f"yaml-language-server@{VERSION}"],
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            if os.environ.get("CI"):
                pytest.fail(f"npm could not install yaml-language-server: {done.stderr}")
            pytest.skip(f"npm could not install yaml-language-server: {done.stderr[-300:]}")
    return script


class Editor:
    """An editor's side of the Language Server Protocol, as little of it as needed."""

    def __init__(self, script: Path, root: Path):
        self.process = subprocess.Popen([shutil.which("node") or "node", str(script),
                                         "--stdio"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {"processId": None, "rootUri": root.as_uri(),
                                    "capabilities": {"workspace": {"configuration": True}}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline().decode().strip()):
                name, _, value = line.partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not length:
                return  # the server ended
            self.messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)["result"]

    def wait(self, wanted: Any, timeout: float = 30) -> dict[str, Any]:
        """The next message ``wanted`` accepts, answering the server's own requests."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                message = self.messages.get(timeout=0.2)
            except queue.Empty:
                continue
            if "method" in message and "id" in message:  # the server asks the editor
                items = message.get("params", {}).get("items", [])
                self._send({"id": message["id"], "result": [SETTINGS["yaml"]] * len(items)
                            if message["method"] == "workspace/configuration" else None})
            elif wanted(message):
                return message
        raise TimeoutError("yaml-language-server did not answer")

    def open(self, path: Path) -> list[tuple[int, str]]:
        """Open a file as an editor does: the (line, message) of each underline."""
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": path.as_uri(), "languageId": "yaml", "version": 1,
            "text": path.read_text(encoding="utf-8")}})
        published = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                              and m["params"]["uri"] == path.as_uri())
        return sorted((d["range"]["start"]["line"] + 1, d["message"])
                      for d in published["params"]["diagnostics"])

    def hover(self, path: Path, line: int, column: int) -> str:
        result = self.request("textDocument/hover", {
            "textDocument": {"uri": path.as_uri()},
            "position": {"line": line - 1, "character": column - 1}})
        return str(result["contents"]["value"]) if result else ""

    def complete(self, path: Path, line: int, column: int) -> list[str]:
        result = self.request("textDocument/completion", {
            "textDocument": {"uri": path.as_uri()},
            "position": {"line": line - 1, "character": column - 1}})
        items = result["items"] if isinstance(result, dict) else result or []
        return sorted(str(item["label"]) for item in items)

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed's next meeting, as ``reportgen new`` writes it."""
    folder = tmp_path_factory.mktemp("editor") / "wg7-2018"
    result = CliRunner().invoke(main, ["new", str(folder), "--from", str(EXAMPLE.parent),
                                       "--start", "2018-06-04", "--end", "2018-06-06"])
    assert result.exit_code == 0, result.output
    return folder / "session.yaml"


@pytest.fixture(scope="module")
def editor(session: Path) -> Iterator[Editor]:
    running = Editor(_server(), session.parent)
    yield running
    running.close()


def _line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(start))


def test_the_new_file_has_no_underline_and_its_keys_their_documentation(
        editor: Editor, session: Path) -> None:
    assert editor.open(session) == []
    venue = _line_of(session, "  venue:")
    assert "The city: \"Vienna\". (required)" in editor.hover(session, venue, 4)
    symbol = _line_of(session, "  symbol:")
    assert "The report's document symbol, e.g. CTOC/COP/WG.7/2017/5." in editor.hover(
        session, symbol, 4)


def test_the_mistakes_check_refuses_are_underlined(editor: Editor, session: Path) -> None:
    text = session.read_text(encoding="utf-8")
    mistaken = session.with_name("mistaken.yaml")
    mistaken.write_text(text.replace("  venue: Vienna\n", "  venu: Vienna\n")
                        .replace("  number: 5\n", "  number: five\n  unit: sessions\n"),
                        encoding="utf-8")
    meeting = _line_of(mistaken, "meeting:")
    assert editor.open(mistaken) == [
        (meeting, 'Missing property "venue".'),
        (meeting + 3, 'Incorrect type. Expected "integer | null".'),
        (meeting + 4, 'Value is not accepted. Valid values: "meeting", "session".'),
        (meeting + 5, "Property venu is not allowed."),
    ]


def test_the_keys_of_a_mapping_are_offered(editor: Editor, session: Path) -> None:
    started = session.with_name("started.yaml")
    text = session.read_text(encoding="utf-8")
    started.write_text(text.replace("  venue: Vienna\n", "  \n"), encoding="utf-8")
    editor.open(started)
    offered = editor.complete(started, _line_of(started, "  start:") - 1, 3)
    # The keys of 'meeting' not written yet, and none of those written.
    assert {"meetings_held", "resumed", "unit", "venue"} <= set(offered)
    assert not {"body", "short_name", "number", "start", "end", "chair"} & set(offered)
