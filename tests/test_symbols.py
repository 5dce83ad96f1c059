"""The document-symbol grammar: what it accepts, what it rejects, and what it says."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLE
from reportgen import build
from reportgen.pipeline import symbols

VALID = [
    "A/72/1", "A/72/1*", "A/80/6 (Sect. 3)", "A/80/6 (Plan outline)", "A/62/17(PartI)",
    "S/RES/2250 (2015)", "S/PV.6201(Resumption1)", "S/1994/1", "S/PRST/2015/1",
    "A/RES/ES-10/1", "A/RES/S-13/2", "A/RES/ES-8/2", "E/1978/1", "E/CN.7/2003/10",
    "E/2020/28/Add.1", "E/CN.7/2020/15/Add.1", "E/CN.4/Sub.2/1999/10", "A/HRC/29/38/Add.2",
    "A/HRC/Sub.1/58/AC.2/4*", "UNEP/OzL.Pro.27/1/Add.1", "CTOC/COP/WG.4/2010/6",
    "CTOC/COP/WG.4/2010/L.1", "CTOC/COP/WG.7/2017/5", "CTOC/COP/WG.7/2017/L.1/Add.1",
    "CTOC/COP/WG.7/2017/INF/1", "CTOC/COP/WG.7/2017/INF/1/Rev.1", "CAC/COSP/WG.2/2018/6",
    "CAC/COSP/2019/5", "FCCC/CP/2015/L.9/Rev.1", "A/C.3/80/L.20", "A/C.3/80/L.20/Rev.1",
    "A/CONF.62/122", "A/AC.105/1", "E/CN.15/2019/CRP.2", "ST/SGB/2019/1", "A/31/1",
    "A/72/1/Corr.1", "A/72/1/Add.1/Corr.2", "TD/B/C.1/1", "A/73/PV.12", "A/72/1**",
]

INVALID = [
    ("A//72/1", "component 2 of 'A//72/1' is empty ('//'); remove one '/'"),
    ("A/ 72/1", "component 2 of 'A/ 72/1' ' 72' has a space; symbols have none beside '/'"),
    ("a/72/1", "series 'a' of 'a/72/1' is in lower case; write it in capitals: A"),
    ("A/72/1/", "symbol 'A/72/1/' ends with '/'; remove it or add the last component"),
    ("A/72/Add", "component 3 of 'A/72/Add' 'Add' needs a number: Add.1"),
    ("A/72/L.", "component 3 of 'A/72/L.' 'L.' needs a number: L.1"),
    ("A/72/L", "component 3 of 'A/72/L' 'L' needs a number: L.1"),
    ("A/72/1/Rev", "component 4 of 'A/72/1/Rev' 'Rev' needs a number: Rev.1"),
    ("A/72/1/add.1", "component 4 of 'A/72/1/add.1' 'add.1' is written Add: Add.1"),
    ("/72/1", "symbol '/72/1' starts with '/'; it must start with its series (A, E, CTOC …)"),
    ("", "the symbol is empty (write it like CTOC/COP/WG.7/2017/5)"),
    (" A/72/1", "symbol ' A/72/1' has spaces at its ends; remove them"),
    ("TD/B/C.1/IRON ORE/1", "component 4 of 'TD/B/C.1/IRON ORE/1' 'IRON ORE' has a space; "
                            "symbols have none except before a part in brackets: "
                            "A/80/6 (Sect. 3)"),
    ("A/72/1****", "symbol 'A/72/1****' ends with 4 asterisks; a reissue takes one to three"),
    ("A/72/#1", "component 3 of 'A/72/#1' '#1' is not a symbol component "
                "(like WG.7, 2017, L.1, Add.1 or 5)"),
    ("A/72/12345", "component 3 of 'A/72/12345' '12345' is not a symbol component "
                   "(like WG.7, 2017, L.1, Add.1 or 5)"),
    ("A/72/CRP", "component 3 of 'A/72/CRP' 'CRP' needs a number: CRP.1"),
    ("1A/72", "series '1A' of '1A/72' is not a series (capitals, like A, E or CTOC)"),
]


@pytest.mark.parametrize("text", VALID)
def test_accepts(text: str) -> None:
    assert symbols.parse(text).text == text


@pytest.mark.parametrize(("text", "message"), INVALID)
def test_rejects_naming_the_component(text: str, message: str) -> None:
    with pytest.raises(symbols.SymbolError) as caught:
        symbols.parse(text)
    assert str(caught.value) == message


def test_table_is_large_enough() -> None:
    assert len(VALID) + len(INVALID) >= 40


def test_parts_of_a_symbol() -> None:
    parsed = symbols.parse("CTOC/COP/WG.7/2017/L.1/Add.2")
    assert parsed.series == "CTOC"
    assert parsed.limited
    assert parsed.finals == ("L.1", "Add.2")
    assert parsed.years == (2017,)
    assert not symbols.parse("CTOC/COP/WG.7/2017/5").limited
    assert symbols.parse("A/72/1**").reissue == 2


def test_derived_symbols() -> None:
    existing = [f"CTOC/COP/WG.7/2017/{n}" for n in (1, 2, 3, 4)] + ["CTOC/COP/WG.7/2017/INF/1"]
    assert symbols.next_in_series(existing, "CTOC/COP/WG.7/2017") == "CTOC/COP/WG.7/2017/5"
    assert symbols.addendum("CTOC/COP/WG.7/2017/L.1", 2) == "CTOC/COP/WG.7/2017/L.1/Add.2"


@pytest.mark.parametrize(("symbol", "name"), [
    ("CTOC/COP/WG.7/2017/5", "CTOC_COP_WG.7_2017_5"),
    ("A/80/6 (Sect. 3)", "A_80_6_Sect._3"),
    ("A/72/1*", "A_72_1"),
    ("../../etc/passwd", "etc_passwd"),
    ("CON", "CON_"),
    ("A/72/1 (Part <1>?)", "A_72_1_Part_1"),
])
def test_file_names_stay_in_the_output_folder(symbol: str, name: str) -> None:
    assert symbols.filename(symbol) == name


def test_report_symbol_follows_the_series_of_its_documents(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "  symbol: CTOC/COP/WG.7/2017/5\n", "  series: CTOC/COP/WG.7/2017\n")
    session = tmp_path / "session.yaml"
    session.write_text(text, encoding="utf-8")
    prepared, diagnostics = build.check([session])
    assert not diagnostics.errors
    assert prepared[0].document.masthead.symbol == "CTOC/COP/WG.7/2017/5"
