"""``reportgen style-diff``: effective style values, comparison, explanations, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

import reportgen
from conftest import EXAMPLE, ROOT, STEM
from reportgen import build
from reportgen.tools import stylediff

UN_FILE = ROOT.parent / "shared" / "reference" / "A_80_6_PLANOUTLINE.docx"
BODY_STYLES = ["Normal", "SingleTxt", "HCh", "H1", "H23"]
NS = f'xmlns:w="{stylediff._W}"'

STYLES_XML = f"""<w:styles {NS}>
  <w:docDefaults>
    <w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:ascii="Arial"/>
      <w:sz w:val="22"/></w:rPr></w:rPrDefault>
    <w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/>
    </w:pPr></w:pPrDefault>
  </w:docDefaults>
  <w:style w:type="paragraph" w:styleId="Base"><w:name w:val="Base style"/>
    <w:pPr><w:keepNext/><w:tabs><w:tab w:val="left" w:pos="200"/><w:tab w:val="right" w:pos="900"/>
      </w:tabs><w:spacing w:line="240" w:lineRule="exact"/>
      <w:ind w:left="1267" w:right="1267" w:firstLine="300"/><w:jc w:val="both"/>
      <w:outlineLvl w:val="1"/></w:pPr>
    <w:rPr><w:rFonts w:ascii="Times New Roman"/><w:b/><w:spacing w:val="4"/><w:w w:val="103"/>
      <w:sz w:val="20"/></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:styleId="Child"><w:name w:val="Child"/><w:basedOn w:val="Base"/>
    <w:pPr><w:tabs><w:tab w:val="clear" w:pos="200"/><w:tab w:val="center" w:pos="500"/></w:tabs>
      <w:spacing w:after="120"/><w:ind w:hanging="400"/></w:pPr>
    <w:rPr><w:i/><w:sz w:val="17"/></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:styleId="Grandchild"><w:name w:val="Grandchild"/>
    <w:basedOn w:val="Child"/>
    <w:pPr><w:keepNext w:val="0"/><w:spacing w:before="240" w:line="300" w:lineRule="atLeast"/>
      <w:ind w:start="0"/><w:outlineLvl w:val="9"/></w:pPr>
    <w:rPr><w:b w:val="0"/></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:styleId="Loose"><w:name w:val="Loose"/></w:style>
  <w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/></w:style>
</w:styles>"""


def _sheet() -> stylediff.StyleSheet:
    return stylediff.StyleSheet(ET.fromstring(STYLES_XML), {"minorHAnsi": "Calibri"})


def test_a_style_without_base_gets_the_document_defaults() -> None:
    loose = _sheet().effective("Loose")
    assert loose["font"] == "Calibri"  # the theme attribute wins over w:ascii
    assert (loose["size"], loose["after"], loose["line"]) == ("11 pt", "8 pt", "1.08 lines auto")
    assert (loose["bold"], loose["jc"], loose["tabs"], loose["outlineLvl"]) == (
        "off", "left", "none", "body")


def test_the_based_on_chain_overlays_property_by_property() -> None:
    child = _sheet().effective("Child")
    assert child["name"] == "Child"
    assert (child["font"], child["size"], child["bold"], child["italic"]) == (
        "Times New Roman", "8.5 pt", "on", "on")
    assert (child["scale"], child["charSpacing"]) == ("103 %", "0.2 pt")
    assert (child["line"], child["before"], child["after"]) == ("12 pt exact", "0 pt", "6 pt")
    # hanging replaces the inherited firstLine; left and right are kept.
    assert [child[f"ind.{k}"] for k in ("left", "right", "firstLine", "hanging")] == [
        "1267", "1267", "0", "400"]
    # a cleared stop disappears, a new one joins the inherited ones.
    assert child["tabs"] == "C500 R900"
    assert (child["jc"], child["keepNext"], child["outlineLvl"]) == ("both", "on", "1")


def test_three_levels_and_explicit_off_values() -> None:
    grandchild = _sheet().effective("Grandchild")
    assert (grandchild["bold"], grandchild["italic"], grandchild["keepNext"]) == (
        "off", "on", "off")
    assert grandchild["line"] == "15 pt atLeast"
    assert (grandchild["before"], grandchild["after"]) == ("12 pt", "6 pt")
    assert grandchild["ind.left"] == "0"  # w:start is the newer name of w:left
    assert grandchild["outlineLvl"] == "body"
    assert "Strong" not in _sheet().styles  # character styles are not compared


def _make_docx(path: Path, *, width: int, variable: bool = False) -> Path:
    """A minimal DOCX: one style, one section of the given page width, one footer."""
    instr = ' DOCVARIABLE "jobn" ' if variable else " PAGE "
    parts = {
        "[Content_Types].xml": "<Types xmlns='http://schemas.openxmlformats.org/package/2006/"
                               "content-types'/>",
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                       'relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats'
                       '.org/officeDocument/2006/relationships/officeDocument" '
                       'Target="word/document.xml"/></Relationships>',
        "word/_rels/document.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/styles" Target="styles.xml"/>'
            '<Relationship Id="rF" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/footer" Target="footer1.xml"/></Relationships>'),
        "word/styles.xml": STYLES_XML,
        "word/footer1.xml": (
            f'<w:ftr {NS}><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText>{instr[:5]}</w:instrText></w:r>'
            f'<w:r><w:instrText>{instr[5:]}</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>'),
        "word/document.xml": (
            f'<w:document {NS} xmlns:r="{stylediff._R}"><w:body><w:p/><w:sectPr>'
            '<w:footerReference w:type="default" r:id="rF"/>'
            f'<w:pgSz w:w="{width}" w:h="15840"/><w:pgMar w:top="1440" w:bottom="1152" '
            'w:left="1200" w:right="1200" w:header="432" w:footer="504"/>'
            '</w:sectPr></w:body></w:document>'),
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def test_complex_fields_split_over_runs_are_read(tmp_path: Path) -> None:
    package = stylediff.read_docx(_make_docx(tmp_path / "a.docx", width=12240, variable=True))
    facts = stylediff.header_footer_facts(package, ["footer.default"])
    assert facts["footer.types"] == "default"
    assert (facts["footer.default.fields"], facts["footer.default.docvariables"]) == (
        "none", "jobn")


def test_explain_file_wildcards_explain_differences(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    ours = _make_docx(tmp_path / "ours.docx", width=11906)
    theirs = _make_docx(tmp_path / "theirs.docx", width=12240)
    assert stylediff.main([str(ours), str(theirs), "--no-explain"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "1 differences, 0 explained, 1 unexplained"

    explain = tmp_path / "known.yaml"
    explain.write_text('"*.name": never used here\npage.*: "A4 in Vienna, Letter in New York"\n',
                       encoding="utf-8")
    assert stylediff.main([str(ours), str(theirs), "--explain", str(explain), "--only-diff"]) == 0
    out = capsys.readouterr().out
    assert "explained: A4 in Vienna, Letter in New York" in out
    assert "Child.name" not in out  # --only-diff hides equal rows
    assert out.splitlines()[-1] == "1 differences, 1 explained, 0 unexplained"


def test_explanation_lookup_prefers_exact_keys() -> None:
    known = {"page.*": "paper", "page.width": "A4", "*.tabs": "tabs"}
    assert stylediff.explanation_for("page.width", known) == "A4"
    assert stylediff.explanation_for("page.first.height", known) == "paper"
    assert stylediff.explanation_for("H4.tabs", known) == "tabs"
    assert stylediff.explanation_for("H4.jc", known) is None


def test_a_missing_file_is_one_line_and_exit_2(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    other = _make_docx(tmp_path / "other.docx", width=12240)
    assert stylediff.main([str(tmp_path / "missing.docx"), str(other)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("reportgen style-diff: error: ")
    assert "missing.docx" in captured.err and "Traceback" not in captured.err


def test_usage_errors_exit_2_in_one_line(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("*.name: x\n", encoding="utf-8")
    other = str(_make_docx(tmp_path / "other.docx", width=12240))
    for argv in ([other], [other, other, "--styles", ","], [other, other, "--explain", str(bad)]):
        assert stylediff.main(argv) == 2
        assert capsys.readouterr().err.count("\n") == 1


def test_runs_as_a_module(tmp_path: Path) -> None:
    src = str(Path(reportgen.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [src, *filter(None, [os.environ.get("PYTHONPATH")])])}
    result = subprocess.run([sys.executable, "-m", "reportgen.tools.stylediff", "nope.docx",
                             "x.docx"], capture_output=True, text=True, env=env, cwd=tmp_path,
                            check=False)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1


@pytest.fixture(scope="module")
def our_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example session as a Word file, built once for this module."""
    out = tmp_path_factory.mktemp("stylediff")
    build.build([EXAMPLE], ["docx"], out)
    return out / f"{STEM}.docx"


def test_our_docx_compared_with_itself_has_no_differences(
        our_docx: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert stylediff.main([str(our_docx), str(our_docx), "--no-explain"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "0 differences, 0 explained, 0 unexplained"
    assert "SingleTxt.ind.left" in out and "page.width" in out


def test_body_styles_match_the_un_file(our_docx: Path) -> None:
    if not UN_FILE.is_file():
        pytest.skip(f"{UN_FILE} is absent (the shared/ folder is not checked out)")
    ours, theirs = stylediff.read_docx(our_docx), stylediff.read_docx(UN_FILE)
    rows = stylediff.style_rows(ours, theirs, BODY_STYLES)
    stylediff.explain(rows, stylediff.load_explanations(ROOT / stylediff.EXPLAIN_FILE))
    unexplained = [f"{r.key}: ours {r.ours!r}, UN {r.theirs!r}" for r in rows
                   if r.differs and not r.reason]
    assert unexplained == []
