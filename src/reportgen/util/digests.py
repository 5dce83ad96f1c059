"""Digests, and the seal of what a cache stores (the digest of reportgen's own code is
kept in the user cache: ``usercache.code_digest``).

A cache file is trusted only when what was read back is what was written
(``seal``/``unseal``); a damaged one is reported (``damaged``) and rebuilt.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from reportgen.errors import Diagnostic, Location


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ------------------------------------------------------- damaged caches

# A cache file holds its payload behind the digest of its exact text: checking it
# costs one hash of the bytes read, not a second serialisation of what they hold.
_SEAL_START, _SEAL_MIDDLE = '{"sha256": "', '", "data": '
_SEAL_LENGTH = len(_SEAL_START) + 64 + len(_SEAL_MIDDLE)


def seal(payload: str) -> str:
    """``payload`` (JSON text) inside a JSON object that carries its digest."""
    return f"{_SEAL_START}{sha256(payload.encode('utf-8'))}{_SEAL_MIDDLE}{payload}}}\n"


def unseal(text: str) -> str | None:
    """The payload ``seal`` wrapped, or None when the text is not exactly that (truncated,
    edited, garbage, or written by something else)."""
    if not (text.startswith(_SEAL_START) and text.endswith("}\n")
            and text[_SEAL_LENGTH - len(_SEAL_MIDDLE):_SEAL_LENGTH] == _SEAL_MIDDLE):
        return None
    payload = text[_SEAL_LENGTH:-2]
    digest = text[len(_SEAL_START):_SEAL_LENGTH - len(_SEAL_MIDDLE)]
    return payload if sha256(payload.encode("utf-8")) == digest else None


# Warnings about damaged cache files, from wherever a cache is read (the build
# record, the session cache, the user cache, in this process or a worker); the
# build collects them (``take_damage``). They never fail --strict: the cache is
# rebuilt at once, and a build that refused to run would never rebuild it.
DAMAGED = "cache.damaged"
_damage: list[Diagnostic] = []


def damaged(path: Path, what: str, remedy: str) -> None:
    """Report that the cache file ``path`` (``what`` it holds) was damaged; ``remedy``
    says what the build does instead."""
    message = f"this cache file, {what}, is damaged (truncated or changed); {remedy}"
    _damage.append(Diagnostic(Location(path), message, "warning", DAMAGED))


def take_damage(also: Iterable[Diagnostic] = ()) -> list[Diagnostic]:
    """The damage reported here since the last call, and ``also`` (what workers
    reported), once each: a file read by two workers, or a report a forked worker
    inherited, is named once."""
    found: list[Diagnostic] = []
    for diagnostic in [*_damage, *also]:
        if diagnostic not in found:
            found.append(diagnostic)
    _damage.clear()
    return found
