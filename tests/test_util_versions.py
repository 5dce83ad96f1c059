"""``versions.package_version``: the versions the cache keys name, read from the names of
the installed ``.dist-info`` folders, as importlib.metadata reads them."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import pytest

from reportgen import writers
from reportgen.outputs.sessioncache import LIBRARIES
from reportgen.util import versions


@pytest.fixture(autouse=True)
def fresh() -> None:
    versions.package_version.cache_clear()
    versions._installed.cache_clear()


def test_every_version_a_key_names_is_the_installed_one() -> None:
    names = {*LIBRARIES, *(tool for w in writers.WRITERS for tool in w.tools)}
    assert {name: versions.package_version(name) for name in names} == \
        {name: metadata.version(name) for name in names}
    assert versions.package_version("no-such-package-of-reportgen") == "absent"


def test_a_folder_of_sys_path_lists_each_projects_versions(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("Ruamel.Yaml-0.1.dist-info", "ruamel_yaml-0.2.dist-info", "solo-3.4.dist-info",
                 "solo-3.4.egg-info", "notes.txt"):
        (tmp_path / name).mkdir()
    found = versions._installed(str(tmp_path))
    assert {project: sorted(found[project]) for project in found} == {
        "ruamel-yaml": ["0.1", "0.2"], "solo": ["3.4"]}
    monkeypatch.setattr(sys, "path", [str(tmp_path / "missing"), str(tmp_path)])
    assert versions.package_version("solo") == "3.4"
