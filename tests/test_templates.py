"""A project's own templates override single pieces of the house style, safely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen import build
from reportgen.cli import main
from reportgen.errors import InputError

MINIMAL = Path(__file__).resolve().parent / "roots" / "minimal" / "session.yaml"


def _project(tmp_path: Path, sentence: str, name: str = "report-adopted") -> Path:
    session = tmp_path / "meetings" / "firearms" / "session.yaml"
    session.parent.mkdir(parents=True)
    shutil.copy(MINIMAL, session)
    own = tmp_path / "templates" / "sentences" / f"{name}.j2"
    own.parent.mkdir(parents=True)
    own.write_text(sentence, encoding="utf-8")
    return session


def _text(session: Path, out: Path) -> str:
    build.build([session], ["txt"], out)
    return next(out.glob("*.txt")).read_text(encoding="utf-8")


def test_one_sentence_is_overridden_the_rest_falls_back(tmp_path: Path) -> None:
    session = _project(tmp_path, "On {{ session.adoption.date | long_date }}, the "
                                 "{{ session.meeting.short_name }} adopted this report "
                                 "by acclamation.")
    text = _text(session, tmp_path / "out")
    assert "7. On 3 June 2026, the Working Group adopted this report by acclamation." in text
    # Built-in sentences still apply:
    assert "The eleventh meeting of the Working Group on Firearms was held in Vienna " \
           "on 2 and 3 June 2026. Four meetings were held during the session." in text


def test_user_templates_run_in_the_sandbox(tmp_path: Path) -> None:
    session = _project(tmp_path, "{{ session.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(InputError) as caught:
        build.build([session], ["txt"], tmp_path / "out")
    message = str(caught.value)
    assert "report-adopted.j2" in message and "template error" in message
    assert not (tmp_path / "out").exists()


def test_a_template_mistake_is_reported_with_its_file_and_line(tmp_path: Path) -> None:
    session = _project(tmp_path, "Adopted on\n{{ session.adoption.daet | long_date }}.")
    result = CliRunner().invoke(main, ["check", str(session)])
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith(str(tmp_path / "templates" / "sentences" / "report-adopted.j2"))
    assert ":2:1: error: template error:" in first
    assert "daet" in first
