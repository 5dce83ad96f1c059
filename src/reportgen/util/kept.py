"""What a writer keeps between the builds of a process that stays loaded.

``reportgen watch`` writes the same document again at every save, with one paragraph
changed: most of what a writer makes of it (a block's JSON, the compressed bytes of a
stretch of a file) is the same as last time. It is kept here, keyed on its content
(never on an object that may change or be freed), in a bounded store that forgets the
least recently used first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class Kept(Generic[Value]):
    """At most ``limit`` values by key, the least recently used forgotten first; safe to
    use from several threads (a library user may build documents in threads)."""

    def __init__(self, limit: int):
        self.limit = limit
        self._values: OrderedDict[Hashable, Value] = OrderedDict()
        self._lock = threading.Lock()

    def find(self, key: Hashable) -> Value | None:
        """The value kept for ``key``, or None."""
        with self._lock:
            found = self._values.get(key)
            if found is not None:
                self._values.move_to_end(key)
            return found

    def keep(self, key: Hashable, value: Value) -> Value:
        """Keep ``value`` for ``key`` (forgetting the oldest past the limit); returns it."""
        with self._lock:
            self._values[key] = value
            if len(self._values) > self.limit:
                self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
