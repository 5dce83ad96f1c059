"""What the first ``prepare`` of a new process does differently, for a quicker start,
gives what it gave before: the same answers, the same words, the same report.
"""

from __future__ import annotations

import re

from reportgen.pipeline import compose

# The pattern compose told Chinese characters by, before it compared code points.
_CJK_PATTERN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def test_chinese_characters_are_told_as_the_pattern_told_them() -> None:
    # Every character of the Basic Multilingual Plane and beyond, up to where the
    # supplementary ideographs begin, the ends of each range among them.
    for code in range(0x2_0000):
        character = chr(code)
        assert compose._cjk(character + "x") == bool(_CJK_PATTERN.match(character)), \
            hex(code)
    assert compose._cjk("") is False
    assert compose._cjk("\U00020000") is False  # (outside the ranges, as before)
    assert compose._cjk("。") and compose._cjk("决议") and not compose._cjk("a决")
