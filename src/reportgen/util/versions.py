"""The installed versions of Python packages, read without importing them."""

from __future__ import annotations

import os
import re
import sys
from functools import cache


@cache
def package_version(name: str) -> str:
    """The installed version of a Python package (``pypandoc-binary`` → ``1.17``).

    Read from the name of its ``<name>-<version>.dist-info`` folder, which the wheel
    format fixes; importing importlib.metadata would add a tenth of the start-up of a
    small build. Anything unusual (an egg, a zip) asks importlib.metadata.
    """
    for entry in sys.path:
        found = _installed(entry).get(_normalised(name), [])
        if len(found) == 1:
            return found[0]
        if found:
            break  # two versions side by side: let importlib.metadata choose
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def versions_of(libraries: tuple[str, ...]) -> list[str]:
    """``libraries`` (their names on PyPI) with their installed versions, then Python's:
    what a cache of their answers is named after (another version never reads it)."""
    return [*(f"{name} {package_version(name)}" for name in libraries),
            "python {}.{}".format(*sys.version_info[:2])]


@cache
def _installed(entry: str) -> dict[str, list[str]]:
    """The versions of the packages installed in one folder of sys.path, by project."""
    found: dict[str, list[str]] = {}
    try:  # (names, not Paths: the standard library's folder alone has hundreds)
        names = [name for name in os.listdir(entry or ".") if name.endswith(".dist-info")]
    except OSError:
        return found
    for name in names:
        project, _, version = name[:-len(".dist-info")].rpartition("-")
        found.setdefault(_normalised(project), []).append(version)
    return found


def _normalised(project: str) -> str:
    """A project name as packaging compares them: "ruamel.yaml" = "ruamel_yaml"."""
    return re.sub(r"[-_.]+", "-", project).lower()
