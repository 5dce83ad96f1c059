"""What a template sees of a session: a frozen copy holding plain data only.

The model's objects carry where each value was typed (``errors.Location``, whose
``pathlib.Path`` reaches the whole file system: ``resolve()``, ``read_text()``,
``write_text()``). A project's templates are untrusted, so they never receive the
model: ``session_view`` copies it into objects made for templates, with the same
field names as the session file and nothing else: strings, numbers, booleans,
dates, tuples and other such objects, all frozen. Locations are dropped.

The composer still needs the model behind a view (a paragraph's id, where each
reference in its prose was typed): ``View.model_of`` maps each view object back
to the model object it was made from. That map stays in Python; no template
reaches it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
from collections.abc import Callable
from typing import Any

from reportgen.pipeline import model

# Fields of the model that say where things were typed: never copied.
_LOCATIONS = frozenset({"loc", "field_locs", "references"})

# The plain values a view may hold as they are (all immutable).
_PLAIN = (str, int, float, bool, dt.date, type(None))

# How a view of these prints in a template: the text, as the model's __str__ does.
_AS_TEXT: dict[type, Callable[[Any], str]] = {
    model.Prose: lambda view: view.text,
    model.Cell: lambda view: view.text,
    model.Name: lambda view: view.value,
}


def is_view(value: object) -> bool:
    """Whether ``value`` is an object made by ``session_view``."""
    return type(value) in _FIELDS


def fields_of(value: object) -> list[str]:
    """The keys a template may read on a view object (none on anything else)."""
    return list(_FIELDS.get(type(value), ()))


def readable(value: object, key: str) -> bool:
    """Whether ``key`` is one of the fields of the view object ``value`` (whose fields
    hold only plain data and other views: nothing a template may not read)."""
    return key in _FIELD_SETS.get(type(value), ()) and not key.startswith("_")


def keys_of(kind: str) -> list[str] | None:
    """The keys a template may read on a view of the model class named ``kind``."""
    found = getattr(model, kind, None)
    if not (isinstance(found, type) and issubclass(found, model.Node)):
        return None
    return list(_FIELDS[_view_class(found)])


_VIEW_CLASSES: dict[type, type] = {}
# The field names of each view class (dataclasses.fields is slow, and a view is made
# of every object of the session at every build).
_FIELDS: dict[type, tuple[str, ...]] = {}
_FIELD_SETS: dict[type, frozenset[str]] = {}


def _view_class(kind: type) -> type:
    """The frozen class that stands for one model class in templates: same name and
    fields (less the locations), so that Jinja's messages name what the user wrote."""
    if kind not in _VIEW_CLASSES:
        _VIEW_CLASSES[kind] = _make_view_class(kind)
    return _VIEW_CLASSES[kind]


def _make_view_class(kind: type) -> type:
    fields = [(f.name, Any) for f in dataclasses.fields(kind) if f.name not in _LOCATIONS]
    namespace: dict[str, Any] = {"__doc__": f"What a template sees of a {kind.__name__}: "
                                            "plain data."}
    if kind in _AS_TEXT:
        namespace["__str__"] = _AS_TEXT[kind]
    made = dataclasses.make_dataclass(kind.__name__, fields, frozen=True, slots=True,
                                      namespace=namespace)
    made.__module__ = __name__
    _FIELDS[made] = tuple(name for name, _ in fields)
    _FIELD_SETS[made] = frozenset(_FIELDS[made])
    return made


class View:
    """A session as templates see it (``root``), and the way back to the model."""

    def __init__(self, session: model.Session):
        self._models: dict[int, model.Node] = {}
        self._views: dict[int, Any] = {}
        self.root = self._copy(session)

    def model_of(self, value: object) -> model.Node | None:
        """The model object ``value`` was made from, if it is part of this view."""
        return self._models.get(id(value)) if is_view(value) else None

    def view_of(self, node: model.Node) -> Any:
        """The view made of a model object of this session."""
        return self._views[id(node)]

    def _copy(self, value: Any) -> Any:
        # A view is made of every object of the session at every build: the usual
        # types are told apart by a dictionary look-up, not a chain of isinstance.
        kind = type(value)
        if kind in _PLAIN_TYPES:
            return value
        if kind is list or kind is tuple:
            return tuple(map(self._copy, value))
        if kind in _GETTERS:
            return self._copy_node(value, kind)
        return self._copy_other(value)

    def _copy_node(self, value: model.Node, kind: type) -> Any:
        view_kind, getter = _GETTERS[kind]
        made = view_kind(*map(self._copy, getter(value)))
        # The view lives as long as this object (it holds root), so ids stay unique.
        self._models[id(made)] = value
        self._views[id(value)] = made
        return made

    def _copy_other(self, value: Any) -> Any:
        if isinstance(value, model.Node):
            kind = type(value)
            view_kind = _view_class(kind)
            _GETTERS[kind] = (view_kind, _getter(_FIELDS[view_kind]))
            return self._copy_node(value, kind)
        if isinstance(value, list | tuple):
            return tuple(self._copy(item) for item in value)
        if isinstance(value, _PLAIN):
            return value
        # The model holds nothing else; a new kind of value must be added above
        # knowingly, not handed to templates by accident.
        raise TypeError(f"no template view for a {type(value).__name__}")


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The fields ``names`` of an object, as a tuple in their order (attrgetter gives a
    class of one field its value alone, and one of none nothing)."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        one = operator.attrgetter(names[0])
        return lambda node: (one(node),)
    return lambda node: ()


# The exact types of _PLAIN, for the look-up (a subclass takes the isinstance path).
_PLAIN_TYPES = frozenset(_PLAIN)
# For each model class met: its view class and a getter of its fields, in their order.
_GETTERS: dict[type, tuple[type, Callable[[Any], Any]]] = {}
