"""Incremental builds: after each kind of change, exactly the right documents are rebuilt."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import rootcases
from conftest import ROOT
from reportgen import build
from reportgen.outputs import cache, sessioncache
from reportgen.outputs.cache import CACHE_FILE
from reportgen.pipeline.templates import builtin_dir
from reportgen.util import digests

MINIMAL = ROOT / "tests" / "roots" / "minimal" / "session.yaml"
SYMBOL = "CTOC/COP/WG.9/2026/2"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """Two sessions (one document each) in a project with its own templates/ folder."""
    text = MINIMAL.read_text(encoding="utf-8")
    for name, number in (("alpha", 2), ("beta", 3)):
        session = tmp_path / "meetings" / name / "session.yaml"
        session.parent.mkdir(parents=True)
        session.write_text(text.replace(SYMBOL, f"CTOC/COP/WG.9/2026/{number}"),
                           encoding="utf-8")
    (tmp_path / "templates").mkdir()
    return tmp_path


def _build(project: Path, formats: tuple[str, ...] = ("txt", "docx", "pdf"),
           **options: object) -> build.BuildResult:
    return build.build([project / "meetings"], list(formats), project / "build",
                       build.Options(**options))  # type: ignore[arg-type]


def _written(result: build.BuildResult) -> list[str]:
    return sorted(path.name for path in result.written)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


ALL = ["CTOC_COP_WG.9_2026_2.docx", "CTOC_COP_WG.9_2026_2.pdf", "CTOC_COP_WG.9_2026_2.txt",
       "CTOC_COP_WG.9_2026_3.docx", "CTOC_COP_WG.9_2026_3.pdf", "CTOC_COP_WG.9_2026_3.txt"]


def test_each_kind_of_change_rebuilds_exactly_what_depends_on_it(project: Path) -> None:
    first = _build(project)
    assert _written(first) == ALL
    assert first.rebuilt == ["CTOC/COP/WG.9/2026/2", "CTOC/COP/WG.9/2026/3"]

    # Nothing changed: nothing is rendered or written, and the build says so.
    again = _build(project)
    assert again.written == [] and again.rebuilt == []
    assert again.unchanged == 2

    # One session changed: only its document.
    _edit(project / "meetings" / "beta" / "session.yaml", "Ana Pereira", "Ana Silva")
    assert _written(_build(project)) == ALL[3:]

    # A comment in a session changes no text: nothing to rebuild.
    session = project / "meetings" / "alpha" / "session.yaml"
    session.write_text("# reviewed\n" + session.read_text(encoding="utf-8"), encoding="utf-8")
    assert _build(project).written == []

    # A sentence template of the project: every document that uses it, every format.
    sentence = project / "templates" / "sentences" / "meeting-opened.j2"
    sentence.parent.mkdir()
    shutil.copy(builtin_dir() / "sentences" / "meeting-opened.j2", sentence)
    assert _build(project).written == []  # the same text as the built-in one
    sentence.write_text(sentence.read_text(encoding="utf-8").replace("opened", "declared open"),
                        encoding="utf-8")
    assert _written(_build(project)) == ALL

    # The PDF layout: only the PDFs. The Word styles: only the DOCX files.
    layout = project / "templates" / "report.typ"
    layout.write_text((builtin_dir() / "report.typ").read_text(encoding="utf-8")
                      + "\n// the project's copy\n", encoding="utf-8")
    assert _written(_build(project)) == [ALL[1], ALL[4]]
    shutil.copytree(builtin_dir() / "reference-docx", project / "templates" / "reference-docx")
    assert _written(_build(project)) == [ALL[0], ALL[3]]

    # --force rebuilds everything, to the same bytes.
    before = {p.name: p.read_bytes() for p in (project / "build").glob("CTOC*")}
    forced = _build(project, force=True)
    assert _written(forced) == ALL
    assert {p.name: p.read_bytes() for p in (project / "build").glob("CTOC*")} == before


def test_outputs_missing_or_changed_on_disk_are_rebuilt(project: Path) -> None:
    _build(project)
    out = project / "build"
    (out / "CTOC_COP_WG.9_2026_2.pdf").unlink()
    docx = out / "CTOC_COP_WG.9_2026_3.docx"
    original = docx.read_bytes()
    docx.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))  # edited by hand, same size
    result = _build(project)
    assert _written(result) == ["CTOC_COP_WG.9_2026_2.pdf", "CTOC_COP_WG.9_2026_3.docx"]
    assert result.rebuilt == ["CTOC/COP/WG.9/2026/2", "CTOC/COP/WG.9/2026/3"]
    assert docx.read_bytes() == original


def test_options_that_change_the_bytes_rebuild(project: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _build(project, ("txt", "docx"))
    # A format asked for the first time is built; the others are kept.
    assert _written(_build(project, ("txt", "docx", "pdf"))) == [ALL[1], ALL[4]]
    # A fixed date of issue for every file (SOURCE_DATE_EPOCH) changes DOCX and PDF dates.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert set(_written(_build(project))) >= {ALL[1], ALL[4]}
    # The number of workers changes nothing.
    assert _build(project, jobs=2).written == []


def test_a_lost_or_damaged_cache_record_means_a_full_build(project: Path) -> None:
    _build(project, ("txt",))
    (project / "build" / CACHE_FILE).write_text("{not json", encoding="utf-8")
    assert len(_build(project, ("txt",)).written) == 2
    (project / "build" / CACHE_FILE).unlink()
    assert len(_build(project, ("txt",)).written) == 2
    assert _build(project, ("txt",)).written == []


def test_unchanged_documents_keep_their_warnings(project: Path) -> None:
    """A warning does not vanish because its document was not rebuilt (--strict relies on it)."""
    layout = project / "templates" / "report.typ"
    layout.write_text((builtin_dir() / "report.typ").read_text(encoding="utf-8").replace(
        '"Reportgen Serif"', '"No Such Serif"', 1), encoding="utf-8")
    first = _build(project, ("pdf",))
    typst_warnings = [str(w) for w in first.warnings if w.code == "pdf.typst"]
    assert typst_warnings, [str(w) for w in first.warnings]
    second = _build(project, ("pdf",))
    assert second.written == []
    assert [str(w) for w in second.warnings if w.code == "pdf.typst"] == typst_warnings
    with pytest.raises(build.WarningsAsErrors):
        _build(project, ("pdf",), strict=True)


# ------------------------------------------------------------ the session cache


def test_unchanged_sessions_are_recalled_not_prepared_again(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _build(project, ("txt",))
    prepared: list[str] = []
    real_prepare = build.prepare

    def counting_prepare(path: Path, *args: object, **kwargs: object) -> build.Prepared | None:
        prepared.append(path.parent.name)
        return real_prepare(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "prepare", counting_prepare)
    assert _build(project, ("txt",)).written == [] and prepared == []
    _edit(project / "meetings" / "alpha" / "session.yaml", "Vienna", "Vienna (Austria)")
    assert _written(_build(project, ("txt",))) == ["CTOC_COP_WG.9_2026_2.txt"]
    assert prepared == ["alpha"]
    # One remembered file per session: alpha's earlier version is gone.
    remembered = project / "build" / sessioncache.FOLDER
    assert len(list(remembered.glob("*.json"))) == 2
    prepared.clear()
    assert _build(project, ("txt",), force=True).written != []
    assert sorted(prepared) == ["alpha", "beta"]


def test_a_damaged_session_cache_file_means_the_session_is_prepared(project: Path) -> None:
    first = _build(project, ("txt",))
    before = {p.name: p.read_bytes() for p in first.written}
    for path in (project / "build" / sessioncache.FOLDER).glob("*.json"):
        path.write_text('{"documents": [{"_": "Nothing"}]', encoding="utf-8")
    second = _build(project, ("txt",))
    assert second.written == [] and second.unchanged == 2
    assert {p.name: p.read_bytes() for p in first.written} == before


def test_recalled_sessions_keep_their_warnings_with_the_line_quoted(tmp_path: Path) -> None:
    session = tmp_path / "session.yaml"
    session.write_bytes(rootcases.session_bytes("warn-former-state-name"))
    first = build.build([session], ["txt"], tmp_path / "out")
    second = build.build([session], ["txt"], tmp_path / "out")
    assert second.written == [] and first.warnings
    assert [w.render() for w in second.warnings] == [w.render() for w in first.warnings]
    assert "Swaziland" in second.warnings[0].render()  # the quoted line, under the message


def test_a_recalled_document_is_the_prepared_one(tmp_path: Path) -> None:
    """What the session cache stores and reads back is the same tree, draft parts too."""
    from conftest import EXAMPLE

    prepared, _ = build.check([EXAMPLE])
    documents = prepared[0].documents
    assert len(documents) == 4
    remembered = sessioncache.SessionCache(tmp_path, cache.InputHasher())
    key = remembered.key(EXAMPLE, prepared[0].templates)
    remembered.remember(key, EXAMPLE, documents, [])
    recalled = remembered.recall(key, EXAMPLE)
    assert recalled is not None
    assert recalled.documents == documents
    assert [repr(d) for d in recalled.documents] == [repr(d) for d in documents]


# ------------------------------------------------------ outputs that are gone


def test_outputs_of_documents_that_no_longer_exist_are_removed(project: Path) -> None:
    """A removed session or a changed symbol leaves no old file behind to be published;
    outputs of sessions outside this build, and formats not asked for, stay."""
    first = _build(project)
    assert _written(first) == ALL
    out = project / "build"
    # Only TXT this time: the DOCX and PDF files are not stale, they were not asked for.
    assert _build(project, ("txt",)).removed == []
    # A symbol changes: the old number's files go, in every format.
    _edit(project / "meetings" / "beta" / "session.yaml", "WG.9/2026/3", "WG.9/2026/4")
    changed = _build(project)
    assert sorted(p.name for p in changed.removed) == ALL[3:]
    # A session deleted from the project: its files go too.
    shutil.rmtree(project / "meetings" / "alpha")
    gone = _build(project)
    assert sorted(p.name for p in gone.removed) == ALL[:3]
    assert sorted(p.name for p in out.glob("CTOC*")) == [
        "CTOC_COP_WG.9_2026_4.docx", "CTOC_COP_WG.9_2026_4.pdf", "CTOC_COP_WG.9_2026_4.txt"]
    manifest = (out / "manifest.json").read_text(encoding="utf-8")
    assert "WG.9/2026/2" not in manifest and "WG.9/2026/3" not in manifest


def test_a_build_of_one_session_keeps_the_other_sessions_outputs(project: Path) -> None:
    _build(project, ("txt",))
    out = project / "build"
    one = build.build([project / "meetings" / "alpha"], ["txt"], out)
    assert one.removed == []
    assert sorted(p.name for p in out.glob("CTOC*")) == [ALL[2], ALL[5]]


def test_a_damaged_record_never_makes_a_build_delete_other_files(project: Path) -> None:
    _build(project, ("txt",))
    out = project / "build"
    keep = project / "keep.txt"
    keep.write_text("a file of the user's", encoding="utf-8")
    # Sealed with a right digest: what it names is still checked.
    record = json.loads(digests.unseal((out / CACHE_FILE).read_text(encoding="utf-8")) or "")
    gone = str(project / "meetings" / "deleted" / "session.yaml")
    for name in ("../keep.txt", "manifest.json", CACHE_FILE, "", "..", ".reportgen-sessions"):
        record["outputs"][name] = {"key": "k", "sha256": "s", "size": 1, "session": gone}
    (out / CACHE_FILE).write_text(digests.seal(json.dumps(record)), encoding="utf-8")
    assert _build(project, ("txt",)).removed == []
    assert keep.is_file() and (out / "manifest.json").is_file()


def test_a_moved_project_keeps_its_outputs_when_one_session_is_built(project: Path) -> None:
    """The record names the sessions where they were; after a move (another checkout,
    another mount point) they look gone, but only a folder this build searched counts."""
    _build(project, ("txt",))
    moved = project.parent / (project.name + "-moved")
    project.rename(moved)
    one = build.build([moved / "meetings" / "alpha"], ["txt"], moved / "build")
    assert one.removed == []
    assert sorted(p.name for p in (moved / "build").glob("CTOC*")) == [ALL[2], ALL[5]]


def test_a_session_cache_that_cannot_be_written_never_fails_the_build(project: Path) -> None:
    out = project / "build"
    out.mkdir()
    (out / sessioncache.FOLDER).write_text("a file where the folder should be", encoding="utf-8")
    first = _build(project, ("txt",))
    assert _written(first) == [ALL[2], ALL[5]]
    assert _build(project, ("txt",)).written == []  # outputs are still known unchanged


def test_a_stale_output_edited_by_hand_is_kept(project: Path) -> None:
    _build(project, ("txt",))
    old = project / "build" / ALL[5]
    old.write_text(old.read_text(encoding="utf-8") + "\nA note typed by an editor.\n",
                   encoding="utf-8")
    _edit(project / "meetings" / "beta" / "session.yaml", "WG.9/2026/3", "WG.9/2026/4")
    result = _build(project, ("txt",))
    assert result.removed == [] and old.is_file()
    assert _build(project, ("txt",)).removed == []  # no longer the build's: left alone


def test_a_symbol_changed_in_case_only_never_deletes_the_new_file(project: Path) -> None:
    """On macOS and Windows both names are one file; on Linux the old one goes."""
    _build(project, ("txt",))
    _edit(project / "meetings" / "beta" / "session.yaml", "CTOC/COP/WG.9/2026/3",
          "CTOC/COP/Wg.9/2026/3")
    result = _build(project, ("txt",))
    new = project / "build" / "CTOC_COP_Wg.9_2026_3.txt"
    assert new.is_file()
    old = project / "build" / ALL[5]
    if old.exists() and old.samefile(new):  # a case-insensitive file system
        assert result.removed == []
    else:
        assert result.removed == [old]


def test_templates_reached_through_a_symbolic_link_are_inputs_too(project: Path) -> None:
    # A link inside the template folder (one leading out of it is refused: test_sandbox).
    shared = project / "templates" / "shared-sentences"
    shared.mkdir()
    sentence = shared / "meeting-opened.j2"
    builtin = builtin_dir() / "sentences" / "meeting-opened.j2"
    sentence.write_text(builtin.read_text(encoding="utf-8"), encoding="utf-8")
    (project / "templates" / "sentences").symlink_to(shared, target_is_directory=True)
    first = _build(project, ("txt",))
    assert len(first.written) == 2
    sentence.write_text(builtin.read_text(encoding="utf-8").replace(", Chair of", ", (*) Chair of"),
                        encoding="utf-8")
    second = _build(project, ("txt",))
    assert _written(second) == [ALL[2], ALL[5]]
    assert "(*)" in (project / "build" / ALL[2]).read_text(encoding="utf-8")
