"""The TXT of each example session equals its golden file (``--update-golden`` rewrites
them); the seed's is in test_reference_text.py, beside its comparison with the issued
report."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from shapes import assert_golden, built_text

EXAMPLES = {
    "ctoc-cop-wg4-2010": "CTOC_COP_WG.4_2010_6",
    "cac-cosp-irg-2015": "CAC_COSP_IRG_2015_5",
    "expert-group-corruption-2001": "A_AC.260_2",
    "ccpcj-2019": "E_CN.15_2019_12",
}


@pytest.mark.parametrize(("folder", "stem"), EXAMPLES.items())
def test_text_matches_its_golden_file(folder: str, stem: str, tmp_path: Path,
                                      update_golden: bool) -> None:
    produced = built_text(ROOT / "meetings" / folder / "session.yaml", stem, tmp_path)
    assert_golden(produced, stem, update_golden)


def test_every_example_has_its_golden_file() -> None:
    folders = sorted(p.name for p in (ROOT / "meetings").iterdir() if p.is_dir())
    assert folders == sorted([*EXAMPLES, "ctoc-cop-wg7-2017"])
