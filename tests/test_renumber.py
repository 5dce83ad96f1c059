"""`reportgen numbers`: how numbers moved between two versions, for the translators' note."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from conftest import EXAMPLE
from reportgen.cli import main


def _versions(tmp_path: Path) -> tuple[Path, Path]:
    """The example with ids and a reference, and an amended copy of it."""
    yaml = YAML()
    data = yaml.load(EXAMPLE.read_text(encoding="utf-8"))
    intro = data["introduction"]
    intro[0] = CommentedMap(id="mandate", text=str(intro[0]))
    intro[3] = CommentedMap(id="clusters", text=str(intro[3]))
    intro[4] = str(intro[4]).replace("Also in resolution 8/2,",
                                     "Also in resolution 8/2 (see [[para:clusters]]),")
    old = tmp_path / "old" / "session.yaml"
    old.parent.mkdir()
    with old.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)
    intro.insert(1, "A paragraph the editors inserted.")
    deliberations = data["deliberations"][0]["paragraphs"]
    del deliberations[2]
    recommendations = data["recommendations"]["groups"][1]["recommendations"]
    recommendations.insert(0, "A new general recommendation.")
    new = tmp_path / "new" / "session.yaml"
    new.parent.mkdir()
    with new.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)
    return old, new


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["numbers", *args])
    return result.exit_code, result.stdout, result.stderr


def test_report_lists_moves_insertions_deletions_and_references(tmp_path: Path) -> None:
    old, new = _versions(tmp_path)
    code, out, err = _run(str(old), str(new))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[:4] == [
        "Paragraphs (old → new):",
        "  paragraph 2 inserted: “A paragraph the editors inserted.”",
        "  paragraph 2 → 3",
        "  paragraph 3 → 4",
    ]
    assert "  paragraph 9 → 10" in lines
    assert "  paragraph 10 deleted: “Most speakers said that the questionnaire should not…”" \
        in lines
    assert "  paragraph 11 → 11" not in lines  # unchanged numbers are counted, not listed
    assert "  (23 kept their numbers)" in lines
    assert "  recommendation 15 inserted: “A new general recommendation.”" in lines
    assert "  recommendation 15 → 16" in lines
    assert "  (14 kept their numbers)" in lines
    assert not any("paragraph 5 deleted" in line for line in lines)  # only its citation changed
    changed = lines[lines.index("References that now print a different number:") + 1:]
    line = next(n for n, text in enumerate(new.read_text(encoding="utf-8").splitlines(),
                                           start=1) if "[[para:clusters]]" in text)
    assert changed == [f"  {new}:{line}:31: [[para:clusters]]: “para. 4” → “para. 5”"]


def test_same_file_at_two_git_revisions(tmp_path: Path) -> None:
    old, new = _versions(tmp_path)
    repo = tmp_path / "repo"
    repo.mkdir()
    session = repo / "session.yaml"
    session.write_text(old.read_text(encoding="utf-8"), encoding="utf-8")

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=reportgen", "-c", "user.email=r@example.org",
                        *args], cwd=repo, check=True, capture_output=True)

    git("init", "-q")
    git("add", "session.yaml")
    git("commit", "-q", "-m", "draft")
    session.write_text(new.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = _run(f"{session}@HEAD", str(session))
    assert code == 0, err
    assert "  paragraph 2 inserted: “A paragraph the editors inserted.”" in out
    code, _, err = _run(f"{session}@no-such-revision", str(session))
    assert code == 2
    assert err.startswith(f"{session}: error: cannot read this file at git revision "
                          "'no-such-revision'")


def test_no_change(tmp_path: Path) -> None:
    code, out, _ = _run(str(EXAMPLE), str(EXAMPLE))
    assert code == 0
    assert out.splitlines()[:3] == ["Paragraphs (old → new):", "  no change",
                                    "  (32 kept their numbers)"]


def test_annexes_moved_and_their_own_paragraphs_kept_apart(tmp_path: Path) -> None:
    """An annex inserted before another renumbers it II → III; the paragraphs of an
    annex, numbered within it, are not taken for the report's."""
    yaml = YAML()
    data = yaml.load(EXAMPLE.read_text(encoding="utf-8"))
    data["annexes"] = [
        {"kind": "documents"},
        {"kind": "text", "id": "summary", "title": "Chair's summary",
         "paragraphs": ["The Chair said."]}]
    data["draft"]["parts"][-1]["chapters"] += ["list-of-documents", "summary"]
    old = tmp_path / "old" / "session.yaml"
    old.parent.mkdir()
    with old.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)
    data["annexes"].insert(1, {"kind": "text", "id": "statements-annex",
                               "title": "Statements", "paragraphs": ["A statement."]})
    data["draft"]["parts"][-1]["chapters"].insert(2, "statements-annex")  # in the order
    new = tmp_path / "new" / "session.yaml"
    new.parent.mkdir()
    with new.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)
    code, out, err = _run(str(old), str(new))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[lines.index("Annexes (old → new):") + 1:][:3] == [
        "  annex II inserted: “Statements”", "  annex II → III", "  (1 kept their numbers)"]
    assert lines[:2] == ["Paragraphs (old → new):", "  no change"]


def test_a_draft_part_carries_an_annex_with_its_number_in_the_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the build folder is the working folder's
    yaml = YAML()
    data = yaml.load(EXAMPLE.read_text(encoding="utf-8"))
    data["annexes"] = [{"kind": "documents"},
                       {"kind": "text", "id": "summary", "title": "Chair's summary",
                        "paragraphs": ["The Chair said, as in [[para:own]] and "
                                       "[[para:mandate]]:",
                                       {"id": "own", "text": "Second."}]}]
    data["introduction"][0] = CommentedMap(id="mandate", text=str(data["introduction"][0]))
    parts = data["draft"]["parts"]
    parts[0]["chapters"].append("list-of-documents")
    parts[-1]["chapters"].append("summary")
    session = tmp_path / "m" / "session.yaml"
    session.parent.mkdir()
    with session.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)
    result = CliRunner().invoke(main, ["build", str(session.parent), "--to", "txt"])
    assert result.exit_code == 0, result.stderr
    last = (tmp_path / "build" / "CTOC_COP_WG.7_2017_L.1_Add.2.txt").read_text(
        encoding="utf-8").splitlines()
    start = last.index("Annex II")  # not "Annex": the report has two
    assert last[start:start + 5] == ["Annex II", "", "Chair’s summary", "",
                                     "1. The Chair said, as in para. 2 and para. 1 of "
                                     "document CTOC/COP/WG.7/2017/L.1:"]
    first = (tmp_path / "build" / "CTOC_COP_WG.7_2017_L.1.txt").read_text(
        encoding="utf-8").splitlines()
    assert "Annex I" in first
