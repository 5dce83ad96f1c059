"""A project's templates are untrusted: they see data, never the machine.

Each case is a project whose own templates try to escape: read a secret file
outside the project, write a canary file, run a command, exhaust memory, change
the session. Every one must fail with its exact located message, exit 2 (4 for
typst, a tool), print no traceback, leak the secret into no output and no
message, create no canary, and leave the previous outputs as they were.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLE, ROOT
from reportgen import build
from reportgen.cli import main
from reportgen.errors import Diagnostics, ExitCode
from reportgen.pipeline import load, validate, view
from reportgen.writers import pdf

MINIMAL = ROOT / "tests" / "roots" / "minimal" / "session.yaml"
MARKER = "SECRET-MARKER-5d1f0c"  # the secret file's content: it must reach nothing
UNSAFE = (": a template may read only the session's data and call the functions "
          "reportgen gives it")
NOT_FOUND = ("not found: a template may include, import or extend only a file of a "
             "template folder, named from that folder ('sentences/title.j2'), without '..' "
             "or a leading '/'")
NOTHING = "1 error; nothing was written\n"
SESSION_KEYS = ("document, organ, meeting, instrument, agenda, adoption, chapters, introduction, "
                "recommendations, conclusions, action, deliberations, other_matters, opening, "
                "officers, statements, attendance, documentation, provisional_agenda, annexes, "
                "draft")


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal session's text, built once: what every refused build must leave."""
    out = tmp_path_factory.mktemp("previous")
    build.build([MINIMAL], ["txt"], out)
    return out


@dataclasses.dataclass
class Project:
    """A project beside a secret file and a canary path that must never be created."""

    root: Path
    previous: Path

    @property
    def session(self) -> Path:
        return self.root / "project" / "meetings" / "m" / "session.yaml"

    @property
    def templates(self) -> Path:
        return self.root / "project" / "templates"

    @property
    def secret(self) -> Path:
        return self.root / "secret.txt"

    @property
    def canary(self) -> Path:
        return self.root / "canary"

    @property
    def out(self) -> Path:
        return self.root / "out"

    def write(self, name: str, text: str) -> Path:
        path = self.templates / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def link(self, name: str, target: Path | str) -> Path:
        path = self.templates / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)
        return path

    def run(self, *args: str, to: str = "txt") -> tuple[int, str]:
        """``reportgen build`` (or ``args``) in-process; checks what holds for every case."""
        command = list(args) or ["build", str(self.session), "--to", to, "--out", str(self.out)]
        result = CliRunner().invoke(main, command)
        assert "Traceback" not in result.output
        assert MARKER not in result.output
        assert not self.canary.exists()
        for path in self.out.rglob("*"):
            assert not path.is_file() or MARKER.encode() not in path.read_bytes(), path
        return result.exit_code, result.stderr

    def unchanged(self) -> bool:
        """The outputs are those of the previous build, byte for byte, and nothing else."""
        return _files(self.out) == _files(self.previous)


def _files(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def project(tmp_path: Path, previous: Path) -> Project:
    made = Project(tmp_path, previous)
    made.session.parent.mkdir(parents=True)
    shutil.copy(MINIMAL, made.session)
    made.secret.write_text(MARKER + "\n", encoding="utf-8")
    shutil.copytree(previous, made.out)
    return made


def _refused(project: Project, name: str, text: str, message: str) -> None:
    """The template ``name`` (under templates/) fails at its line 1 with ``message``."""
    template = project.write(name, text.replace("CANARY", str(project.canary))
                             .replace("SECRET", str(project.secret)))
    code, err = project.run()
    assert (code, err) == (ExitCode.INVALID_INPUT,
                           f"{template}:1:1: error: template error: {message}\n{NOTHING}")
    assert project.unchanged()


# ------------------------------------------------------- what a template can reach

ESCAPES = {
    "location-path": (
        "{{ session.loc.path.resolve().parent.joinpath('secret.txt').read_text() }}",
        f"Session has no key 'loc' (its keys: {SESSION_KEYS})"),
    "location-write": (
        "{{ session.meeting.loc.path.with_name('CANARY').write_text('x') }}",
        "Meeting has no key 'loc' (its keys: body, short_name, unit, number, resumed, venue, "
        "start, end, meetings_held, chair)"),
    "field-locations": (
        "{{ session.field_locs }}",
        f"Session has no key 'field_locs' (its keys: {SESSION_KEYS})"),
    "class-mro-subclasses": (
        "{{ session.__class__.__mro__[1].__subclasses__() }}",
        "access to attribute '__class__' of 'Session' object is unsafe" + UNSAFE),
    "init-globals": (
        "{{ session.meeting.__init__.__globals__ }}",
        "access to attribute '__init__' of 'Meeting' object is unsafe" + UNSAFE),
    "builder-self": (
        "{{ paragraph.__self__.session }}",
        "access to attribute '__self__' of 'method' object is unsafe" + UNSAFE),
    "func-globals": (
        "{{ paragraph.func_globals }}",
        "'method object' has no attribute 'func_globals'"),
    "str-method-globals": (
        "{{ session.attendance.states_parties[0].__str__.__globals__ }}",
        "access to attribute '__str__' of 'Name' object is unsafe" + UNSAFE),
    "cycler-popen": (
        "{{ cycler.__init__.__globals__.os.popen('touch CANARY').read() }}",
        "access to attribute '__init__' of 'type' object is unsafe" + UNSAFE),
    "joiner-globals": (
        "{{ joiner.__init__.__globals__ }}",
        "access to attribute '__init__' of 'type' object is unsafe" + UNSAFE),
    "namespace-globals": (
        "{% set ns = namespace(a=1) %}{{ ns.__init__.__globals__ }}",
        "'jinja2.utils.Namespace object' has no attribute '__init__'"),
    "lipsum-globals": (
        "{{ lipsum.__globals__ }}",
        "'lipsum' is undefined"),
    "self-context": (
        "{{ self._TemplateReference__context }}",
        "access to attribute '_TemplateReference__context' of 'TemplateReference' object "
        "is unsafe" + UNSAFE),
    "self-init": (
        "{{ self.__init__.__globals__ }}",
        "access to attribute '__init__' of 'TemplateReference' object is unsafe" + UNSAFE),
    "loop-iterator": (
        "{% for x in [1] %}{{ loop._iterator }}{% endfor %}",
        "access to attribute '_iterator' of 'LoopContext' object is unsafe" + UNSAFE),
    "generator-frame": (
        "{{ (session.introduction|map('string')).gi_frame }}",
        "access to attribute 'gi_frame' of 'generator' object is unsafe" + UNSAFE),
    "attr-filter": (
        "{{ session|attr('__class__') }}",
        "access to attribute '__class__' of 'Session' object is unsafe" + UNSAFE),
    "map-attribute": (
        "{{ [session]|map(attribute='__class__')|list }}",
        "access to attribute '__class__' of 'Session' object is unsafe" + UNSAFE),
    "format-walk": (
        "{{ '{0.__class__.__mro__}'.format(session) }}",
        "access to attribute '__class__' of 'Session' object is unsafe" + UNSAFE),
    "format-map-walk": (
        "{{ '{x.__class__}'.format_map({'x': session}) }}",
        "access to attribute '__class__' of 'Session' object is unsafe" + UNSAFE),
    "format-clock": (
        "{{ '{0.document.date.today}'.format(session) }}",
        "access to attribute 'today' of 'date' object is unsafe" + UNSAFE),
    "percent-clock": (
        "{{ '%s' % session.document.date.fromtimestamp(0) }}",
        "access to attribute 'fromtimestamp' of 'date' object is unsafe" + UNSAFE),
    "str-encode": (
        "{{ session.organ.encode('utf-8') }}",
        "access to attribute 'encode' of 'str' object is unsafe" + UNSAFE),
    "type-globals": (
        "{{ dict.__init__ }}",
        "access to attribute '__init__' of 'type' object is unsafe" + UNSAFE),
}


# Memory: what a short template could ask for (Jinja bounds range() itself).
SIZES = {
    "string-times": ("{{ 'x' * 1000000000 }}",
                     "'*' would make 1000000000 characters or items; a template may make at "
                     "most 100000 at once"),
    "list-times": ("{{ [session] * 1000000000 }}",
                   "'*' would make 1000000000 characters or items; a template may make at "
                   "most 100000 at once"),
    "power": ("{{ 9 ** 99999999 }}",
              "'**' would make a number of more than 100000 binary digits"),
    "percent-width": ("{{ '%999999999d' % 1 }}",
                      "the format string '%999999999d' asks for a width of 100000 characters "
                      "or more, or one given as an argument"),
    "percent-star": ("{{ '%*d' % (999999999, 1) }}",
                     "the format string '%*d' asks for a width of 100000 characters or more, "
                     "or one given as an argument"),
    "format-width": ("{{ '{:>999999999}'.format(1) }}",
                     "the format string '{:>999999999}' asks for a width of 100000 characters "
                     "or more, or one given as an argument"),
    "format-nested-width": ("{{ '{0:{1}}'.format(1, 999999999) }}",
                            "the format string '{0:{1}}' asks for a width of 100000 characters "
                            "or more, or one given as an argument"),
    "format-filter": ("{{ '%999999999s'|format('x') }}",
                      "the format string '%999999999s' asks for a width of 100000 characters "
                      "or more, or one given as an argument"),
    "center-filter": ("{{ 'x'|center(1000000000) }}",
                      "center(width=1000000000): a template may make at most 100000 "
                      "characters or items at once"),
    "indent-filter": ("{{ 'x\\ny'|indent(1000000000) }}",
                      "indent(width=1000000000): a template may make at most 100000 "
                      "characters or items at once"),
    "batch-filter": ("{{ [1]|batch(1000000000, 'x')|list }}",
                     "batch(linecount=1000000000): a template may make at most 100000 "
                     "characters or items at once"),
    "str-center": ("{{ 'x'.center(1000000000) }}",
                   "access to attribute 'center' of 'str' object is unsafe" + UNSAFE),
    "range": ("{{ range(1000000000)|list }}",
              "OverflowError: Range too big. The sandbox blocks ranges larger than MAX_RANGE "
              "(100000)."),
    "join": ("{% set big = 'x' * 1000 %}{{ big.join(big) }}",
             "join() would make 1000000 characters or items; a template may make at most "
             "100000 at once"),
    "join-filter": ("{{ (['x' * 1000] * 1000)|join }}",
                    "join() would make 1000000 characters or items; a template may make at "
                    "most 100000 at once"),
    "join-filter-separator": ("{{ ('x' * 1000)|join('y' * 1000) }}",
                              "join() would make 1000000 characters or items; a template may "
                              "make at most 100000 at once"),
    "replace": ("{{ ('x' * 1000).replace('x', 'y' * 1000) }}",
                "replace() would make 1000000 characters or items; a template may make at "
                "most 100000 at once"),
    "replace-filter": ("{{ ('x' * 1000)|replace('', 'y' * 1000) }}",
                       "replace() would make 1002000 characters or items; a template may make "
                       "at most 100000 at once"),
    "plus": ("{% set ns = namespace(s='x' * 100000) %}{% set ns.s = ns.s + ns.s %}",
             "'+' would make 200000 characters or items; a template may make at most 100000 "
             "at once"),
    "plus-lists": ("{% set a = [1] * 100000 %}{{ a + a }}",
                   "'+' would make 200000 characters or items; a template may make at most "
                   "100000 at once"),
    "tilde": ("{% set ns = namespace(s='x' * 100000) %}{% set ns.s = ns.s ~ ns.s %}",
              "'~' would make 200000 characters or items; a template may make at most 100000 "
              "at once"),
    "times-numbers": ("{% set ns = namespace(n=2 ** 99999) %}{{ ns.n * ns.n }}",
                      "'*' would make a number of more than 100000 binary digits"),
    "roman": ("{{ roman(10 ** 9) }}",
              "roman() takes a whole number up to 3999, as a chapter's or an annex's"),
    "recursion": ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
                  "a macro or an include calls itself without end; give it a condition that "
                  "stops it"),
}


# The session is read-only: a template builds lists of its own instead.
CHANGES = {
    "append": ("{{ session.agenda.items.append(1) }}",
               "'tuple object' has no attribute 'append'"),
    "pop": ("{{ session.attendance.states_parties.pop() }}",
            "'tuple object' has no attribute 'pop'"),
    "update": ("{{ session.meeting.update({}) }}",
               "Meeting has no key 'update' (its keys: body, short_name, unit, number, "
               "resumed, venue, start, end, meetings_held, chair)"),
    "assign": ("{% set session.organ = 'x' %}",
               "cannot assign attribute on non-namespace object"),
}


SENTENCES = {**ESCAPES, **SIZES, **CHANGES}


@pytest.mark.parametrize("case", SENTENCES)
def test_a_template_reaches_only_data_and_makes_nothing_huge(project: Project,
                                                             case: str) -> None:
    text, message = SENTENCES[case]
    _refused(project, "sentences/report-adopted.j2", text, message)


def test_the_session_a_template_sees_holds_only_plain_data() -> None:
    session = validate.to_model(load.load(EXAMPLE), Diagnostics())
    assert session is not None
    seen = view.View(session)

    def plain(value: object) -> None:
        if view.is_view(value):
            for name in view.fields_of(value):
                plain(getattr(value, name))
        elif isinstance(value, tuple):
            for item in value:
                plain(item)
        else:
            assert isinstance(value, str | int | float | dt.date | None), repr(value)

    plain(seen.root)
    assert view.fields_of(seen.root.meeting) == [
        "body", "short_name", "unit", "number", "resumed", "venue", "start", "end",
        "meetings_held", "chair"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        seen.root.organ = "x"  # type: ignore[misc]
    assert seen.model_of(seen.root) is session
    assert seen.model_of(session) is None  # the model is not a view


# ------------------------------------------------------------- reading other files

INCLUDES = {
    "absolute": "{% include '/etc/passwd' %}",
    "parent": "{% include '../../secret.txt' %}",
    "secret-absolute": "{% include 'SECRET' %}",
    "import": "{% import '../secret.txt' as s %}",
    "from-import": "{% from '/etc/passwd' import x %}",
    "extends": "{% extends '/etc/passwd' %}",
}


@pytest.mark.parametrize("case", INCLUDES)
def test_a_template_includes_only_files_of_a_template_folder(project: Project,
                                                           case: str) -> None:
    text = INCLUDES[case]
    name = text.split("'")[1].replace("SECRET", str(project.secret))
    _refused(project, "sentences/report-adopted.j2", text, f"template '{name}' {NOT_FOUND}")


def _outside(project: Project, link: Path, target: Path) -> str:
    return (f"{link}: error: symbolic link to '{target}', outside the template folder "
            f"{project.templates}: a template reads only files inside its folder; copy the "
            "file into the folder instead of linking to it\n")


def test_a_linked_template_leading_outside_is_refused(project: Project) -> None:
    link = project.link("sentences/report-adopted.j2", project.secret)
    code, err = project.run()
    assert (code, err) == (ExitCode.INVALID_INPUT, _outside(project, link, project.secret)
                           + NOTHING)
    assert project.unchanged()


def test_a_linked_file_a_template_includes_is_refused(project: Project) -> None:
    project.write("sentences/report-adopted.j2", "{% include 'leak.txt' %}")
    link = project.link("leak.txt", Path("..") / ".." / "secret.txt")
    code, err = project.run()
    assert (code, err) == (ExitCode.INVALID_INPUT, _outside(project, link, project.secret)
                           + NOTHING)
    assert project.unchanged()


def test_a_linked_folder_leading_outside_is_refused(project: Project) -> None:
    elsewhere = project.root / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "report-adopted.j2").write_text("{% include 'sentences/secret' %}",
                                                 encoding="utf-8")
    link = project.link("sentences", elsewhere)
    code, err = project.run()
    assert (code, err) == (ExitCode.INVALID_INPUT, _outside(project, link, elsewhere)
                           + NOTHING)
    assert project.unchanged()


def test_a_link_to_a_device_is_refused_before_anything_reads_it(project: Project) -> None:
    link = project.link("sentences/report-adopted.j2", "/dev/zero")
    code, err = project.run()
    assert (code, err) == (ExitCode.INVALID_INPUT, _outside(project, link, Path("/dev/zero"))
                           + NOTHING)
    assert project.unchanged()


def test_a_named_pipe_is_refused_instead_of_blocking(project: Project) -> None:
    pipe = project.templates / "sentences" / "report-adopted.j2"
    pipe.parent.mkdir(parents=True)
    os.mkfifo(pipe)
    code, err = project.run()
    assert (code, err) == (ExitCode.INVALID_INPUT, (
        f"{pipe}: error: a named pipe (FIFO), not a file or a folder: a template folder may "
        f"hold only files and folders; remove it\n{NOTHING}"))
    assert project.unchanged()


def test_dangling_links_and_loops_are_refused(project: Project) -> None:
    dangling = project.link("sentences/report-adopted.j2", "missing.j2")
    loop = project.link("loop.j2", "loop.j2")
    code, err = project.run()
    assert (code, err) == (ExitCode.INVALID_INPUT, "".join(
        f"{path}: error: symbolic link to '{target}', which does not exist or is a loop of "
        "links: remove the link, or copy the file it meant into the folder\n"
        for path, target in ((loop, "loop.j2"), (dangling, "missing.j2")))
        + "2 errors; nothing was written\n")
    assert project.unchanged()


def test_a_template_folder_linked_outside_the_project_is_refused(project: Project) -> None:
    elsewhere = project.root / "elsewhere"
    (elsewhere / "sentences").mkdir(parents=True)
    project.templates.symlink_to(elsewhere, target_is_directory=True)
    code, err = project.run()
    assert (code, err) == (ExitCode.INVALID_INPUT, (
        f"{project.templates}: error: the template folder is a symbolic link to "
        f"'{elsewhere}', outside the project folder {project.templates.parent}: copy the "
        f"templates into the project instead of linking to them\n{NOTHING}"))
    assert project.unchanged()


def test_check_refuses_a_link_too(project: Project) -> None:
    link = project.link("report.j2", project.secret)
    code, err = project.run("check", str(project.session))
    assert (code, err) == (ExitCode.INVALID_INPUT, _outside(project, link, project.secret)
                           + NOTHING)


def test_the_reference_document_is_checked_like_the_templates(project: Project) -> None:
    link = project.link("reference-docx/word/styles.xml", project.secret)
    code, err = project.run(to="docx")
    assert (code, err) == (ExitCode.INVALID_INPUT, _outside(project, link, project.secret)
                           + NOTHING)
    assert project.unchanged()


def test_links_inside_the_folder_are_read(project: Project) -> None:
    project.write("shared/adopted.j2", "Adopted on {{ session.adoption.date.year }}, in "
                                       "{{ '{0.meeting.venue}'.format(session) }}.")
    project.link("sentences/report-adopted.j2", Path("..") / "shared" / "adopted.j2")
    code, err = project.run()
    assert code == ExitCode.OK, err
    text = next(project.out.glob("*.txt")).read_text(encoding="utf-8")
    assert "7. Adopted on 2026, in Vienna." in text


def test_honest_templates_keep_what_they_need(project: Project) -> None:
    project.write("sentences/report-adopted.j2", (
        "{%- set ns = namespace(count=0) %}{% set names = [] %}"
        "{%- for s in session.attendance.states_parties %}{% set ns.count = ns.count + 1 %}"
        "{% set _ = names.append(s|string|upper) %}{% endfor -%}"
        "{%- set sep = joiner('; ') %}{% set odd = cycler('x', 'y') -%}"
        "{{ ns.count }} States: {% for n in names|sort %}{{ sep() }}{{ n }} {{ odd.next() }}"
        "{% endfor %}; {{ {'a': 1}.items()|list|length }}; {{ '%s' % session.meeting.venue }};"
        " {{ session.document.date.isoformat() }}; {{ 3 * 'ab' }}; {{ 2 ** 10 }}."))
    code, err = project.run()
    assert code == ExitCode.OK, err
    text = next(project.out.glob("*.txt")).read_text(encoding="utf-8")
    assert ("7. 4 States: AUSTRIA x; BRAZIL y; COSTA RICA x; CÔTE D’IVOIRE y; 1; Vienna; "
            "2026-06-20; ababab; 1024.") in text


# -------------------------------------------------------------- the builder's API

MISUSES = {
    "paragraph-of-a-function": ("{{ paragraph(chapter) }}",
                                "paragraph() takes text (a string, a number, a sentence or a "
                                "name of the session), not a method"),
    "paragraph-of-a-record": ("{{ paragraph(session.meeting) }}",
                              "paragraph() takes text (a string, a number, a sentence or a "
                              "name of the session), not a Meeting"),
    "paragraph-items": ("{{ paragraph('x', items=[1]) }}",
                        "paragraph() takes items=… as lettered() or agenda_lines() make them, "
                        "not an int"),
    "chapter-title": ("{{ chapter(session) }}",
                      "chapter() takes text (a string, a number, a sentence or a name of the "
                      "session), not a Session"),
    "heading-id": ("{{ heading('x', id=[1]) }}",
                   "heading() takes text (a string, a number, a sentence or a name of the "
                   "session), not a list"),
    "recommendation": ("{{ recommendation('x') }}",
                       "recommendation() takes a recommendation of the session, not a str"),
    "lettered-depth": ("{{ lettered(['a'], depth=99) }}",
                       "lettered() takes a depth from 1 to 4, not an int"),
    "agenda-lines": ("{{ agenda_lines(session.meeting) }}",
                     "agenda_lines() takes an agenda of the session, not a Meeting"),
    "sentence-path": ("{{ sentence('../../secret') }}",
                      f"template 'sentences/../../secret.j2' {NOT_FOUND}"),
    "sentence-name": ("{{ sentence(session) }}",
                      "sentence() takes the name of a sentence template, not a Session"),
    "item-key": ("{{ item_title('nope') }}",
                 "no agenda item has the key 'nope' (the keys: organizational, marking, "
                 "report)"),
}


@pytest.mark.parametrize("case", MISUSES)
def test_the_builder_takes_only_what_it_can_use(project: Project, case: str) -> None:
    text, message = MISUSES[case]
    _refused(project, "report.j2", text, message)


# What lettered() and agenda_lines() make is part of the document tree: sealed.
_CITING = ('      - id: first\n        text: Several speakers described *national marking '
           'systems*.\n      - See [[para:first]].\n')
_ENTRY = "{% set entry = lettered([session.deliberations[0].paragraphs[1]])[0] %}"
SEALED = {
    "entry-text": (_ENTRY + "{{ entry.text.clear() }}",
                   "access to attribute 'text' of 'ListEntry' object is unsafe" + UNSAFE),
    "entry-unsealed": (_ENTRY + "{{ entry.unsealed().text[1].targets.clear() }}",
                       "access to attribute 'unsealed' of 'ListEntry' object is unsafe"
                       + UNSAFE),
    "entry-content": (_ENTRY + "{{ entry._content }}",
                      "access to attribute '_content' of 'ListEntry' object is unsafe"
                      + UNSAFE),
    "entry-by-key": ("{{ agenda_lines(session.agenda)[0]['text'] }}",
                     "access to attribute 'text' of 'ListEntry' object is unsafe" + UNSAFE),
    "entry-in-format": (_ENTRY + "{{ '{0.text}'.format(entry) }}",
                        "access to attribute 'text' of 'ListEntry' object is unsafe" + UNSAFE),
    "entry-by-map": (_ENTRY + "{{ [entry]|map(attribute='text')|list }}",
                     "access to attribute 'text' of 'ListEntry' object is unsafe" + UNSAFE),
    "entry-as-text": (_ENTRY + "{{ paragraph(entry) }}",
                      "paragraph() takes text (a string, a number, a sentence or a name of "
                      "the session), not a ListEntry"),
}


def _citing(project: Project) -> None:
    """The minimal session, its paragraph cited by a second one."""
    text = project.session.read_text(encoding="utf-8")
    project.session.write_text(text.replace(
        '      - Several speakers described "national marking systems".\n', _CITING),
        encoding="utf-8")


@pytest.mark.parametrize("case", SEALED)
def test_what_the_builder_makes_is_sealed(project: Project, case: str) -> None:
    _citing(project)
    text, message = SEALED[case]
    _refused(project, "report.j2", text, message)


def test_a_sealed_entry_prints_nothing_of_the_session(project: Project) -> None:
    _citing(project)
    project.write("report.j2", _ENTRY + "{{ paragraph(session.deliberations[0].paragraphs[0]) }}"
                               "{{ paragraph([entry]|pprint, entry|string) }}"
                               "{{ paragraph('x', items=[entry, entry]) }}")
    code, err = project.run()
    assert code == ExitCode.OK, err
    text = next(project.out.glob("*.txt")).read_text(encoding="utf-8")
    assert "\n2. [<ListEntry>] <ListEntry>\n" in text
    assert "\n3. x\n    (a) See para. 1.\n    (b) See para. 1.\n" in text
    assert "session.yaml" not in text and str(project.root) not in text


# ---------------------------------------------------------------------- typst

def _typst_refused(project: Project, call: str, expected: list[str]) -> None:
    project.write("report.typ", f"#{call}\n")
    code, err = project.run(to="pdf")
    assert code == ExitCode.TOOL_FAILED
    lines = err.splitlines()
    assert lines[:2] == ["error: typst: could not lay out the PDF", expected[0]]
    assert lines[-len(expected) + 1:] == expected[1:]
    assert project.unchanged()


_ESCAPE_HINTS = ["    = hint: cannot access files outside of the project sandbox"]


def test_typst_reads_no_absolute_path(project: Project) -> None:
    _typst_refused(project, 'read("/etc/passwd")', [
        f"  error: file not found (searched at {project.templates}/etc/passwd)",
        "  1 │ #read(\"/etc/passwd\")", "    │       ^^^^^^^^^^^^^"])


@pytest.mark.parametrize("call", ['read("../../secret.txt")', 'image("../../secret.txt")'])
def test_typst_reads_nothing_above_its_folder(project: Project, call: str) -> None:
    _typst_refused(project, call, [
        '  error: path `"../../secret.txt"` would escape the project root', *_ESCAPE_HINTS,
        f"    = hint: a template reads only files inside its own folder ({project.templates}):"
        " copy the file there"])


def test_typst_reads_no_linked_file(project: Project) -> None:
    project.write("report.typ", '#read("leak.txt")\n')
    link = project.link("leak.txt", project.secret)
    code, err = project.run(to="pdf")
    assert (code, err) == (ExitCode.INVALID_INPUT, _outside(project, link, project.secret)
                           + NOTHING)
    assert project.unchanged()


@pytest.mark.parametrize("spec, why", [
    # typst's download goes to the loopback port reportgen names, where nothing listens
    ("@preview/cetz:0.2.2", "Connection refused (os error 111))"),
    # and the user's own package folder is not searched
    ("@local/mine:0.1.0", "  error: package not found (searched for @local/mine:0.1.0)")])
def test_typst_imports_no_package(project: Project, spec: str, why: str) -> None:
    """Neither the network nor the user's own package folder: an import fails at once."""
    project.write("report.typ", f'#import "{spec}"\n')
    code, err = project.run(to="pdf")
    lines = err.splitlines()
    assert code == ExitCode.TOOL_FAILED
    assert lines[0] == "error: typst: could not lay out the PDF"
    assert lines[1].endswith(why)
    assert lines[-1] == "  " + pdf.PACKAGE_HINT
    assert "Traceback" not in err
    assert project.unchanged()


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_refused_template_folder_leaves_the_other_sessions_checked(
        tmp_path: Path, command: str) -> None:
    """One project's link out of its templates/ is one error among all the others."""
    text = MINIMAL.read_text(encoding="utf-8")
    linked = tmp_path / "meetings" / "linked"
    (linked / "templates").mkdir(parents=True)
    (linked / "session.yaml").write_text(text, encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text(MARKER, encoding="utf-8")
    (linked / "templates" / "report.j2").symlink_to(secret)
    misspelt = tmp_path / "meetings" / "misspelt"
    misspelt.mkdir()
    (misspelt / "session.yaml").write_text(text.replace("\nattendance:", "\natendance:"),
                                            encoding="utf-8")
    result = CliRunner().invoke(main, [command, str(tmp_path / "meetings"),
                                       *(["--out", str(tmp_path / "out")] * (command == "build"))])
    assert result.exit_code == ExitCode.INVALID_INPUT
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{linked / 'templates' / 'report.j2'}: error: symbolic link to")
    assert any(line.startswith(f"{misspelt / 'session.yaml'}:") and "'atendance'" in line
               for line in lines)
    assert lines[-1] == "2 errors; nothing was written"
    assert MARKER not in result.output and not (tmp_path / "out").exists()


# ------------------------------------------------------------ a project's language file

def _language_refused(project: Project, text: str, message: str) -> None:
    path = project.write("languages/en.toml", text)
    code, err = project.run()
    assert (code, err) == (ExitCode.INVALID_INPUT, f"{path}:{message}\n{NOTHING}")
    assert project.unchanged()


def test_a_language_file_quotes_only_with_quotation_marks(project: Project) -> None:
    big = "“" * 1000
    _language_refused(project, f'[prose]\nquotes = ["{big}", "”", "‘", "’"]\n',
                      "2:1: error: 'prose.quotes' has a text of 1000 characters; a quotation "
                      "mark may have at most 3")


def test_a_language_file_entry_is_short(project: Project) -> None:
    _language_refused(project, f'[draft]\ntitle = "{"x" * 201}"\n',
                      "2:1: error: 'draft.title' has a text of 201 characters; an entry may "
                      "have at most 200")


def test_a_language_file_is_read_up_to_a_limit(project: Project) -> None:
    _language_refused(project, "# " + "x" * 70000 + "\n",
                      " error: the file is 0.1 MB; a language file may be at most 65,536 "
                      "bytes (is this the right file?)")


def test_a_trusted_method_is_called_as_jinja_would_and_others_still_checked() -> None:
    """The builder's methods skip Jinja's per-call checks (sandbox.trust): called from a
    loop they get their arguments alone, a StopIteration they raise is undefined as in
    Jinja, and a method not trusted is still refused when it is unsafe."""
    from jinja2 import Undefined
    from jinja2.sandbox import SecurityError

    from reportgen.pipeline.sandbox import TemplateSandbox, trust

    class Builder:
        def said(self, *parts: object, **options: object) -> str:
            return f"{parts} {sorted(options)}"

        def stops(self) -> str:
            raise StopIteration

        def refused(self) -> str:
            return "called"

        refused.unsafe_callable = True  # type: ignore[attr-defined]

    trust(Builder.said, Builder.stops)
    env = TemplateSandbox()
    builder = Builder()
    loop = env.from_string("{% for i in [1] %}{{ said(i, x=2) }}{% endfor %}")
    assert loop.render(said=builder.said) == "(1,) ['x']"
    stopped = env.from_string("{{ stops() is undefined }}")
    assert stopped.render(stops=builder.stops) == "True"
    assert isinstance(env.call(None, builder.stops), Undefined)  # type: ignore[arg-type]
    with pytest.raises(SecurityError):
        env.from_string("{{ refused() }}").render(refused=builder.refused)
