"""Checks of the lists of names: States and organizations in attendance and statements.

Each list is printed in English alphabetical order whatever order it was typed
in (a warning says so); a name may appear once; a State is either a party or
an observer; and every State name is checked against the UN list as it stood
on the document's date (states.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from reportgen.errors import Diagnostics, Location
from reportgen.pipeline import model
from reportgen.pipeline.language import sort_key
from reportgen.pipeline.states import normalise, table

# (path in the session, is it a list of States?, the role it gives)
Listed = tuple[str, list[model.Name], bool, str]


# Attendance categories: (key, is it a list of States?, the role it gives).
_ATTENDANCE = (("states_parties", True, "party"), ("signatories", True, "signatory"),
               ("non_parties", True, "non-party"), ("members", True, "member"),
               ("observer_states", True, "observer State"),
               ("non_member_states", True, "non-member State"), ("states", True, "State"),
               ("regional_organizations", False, ""), ("united_nations_entities", False, ""),
               ("specialized_agencies", False, ""),
               ("intergovernmental_organizations", False, ""),
               ("non_governmental_organizations", False, ""))


def listed(session: model.Session) -> list[Listed]:
    """Every list of names in the session: where, the names, whether they are States and
    the role the list gives them."""
    found: list[Listed] = []
    if session.attendance:
        for key, of_states, role in _ATTENDANCE:
            names = getattr(session.attendance, key)
            if isinstance(names, list):  # (a count names nobody)
                found.append((f"attendance.{key}", names, of_states, role))
    st = session.statements
    for key, role in (("states_parties", "party"), ("members", "member"), ("states", "State")):
        spoken = getattr(st, key)
        if spoken:
            found.append((f"statements.{key}", spoken.states, True, role))
    found += [("statements.signatories", st.signatories, True, "signatory"),
              ("statements.non_parties", st.non_parties, True, "non-party"),
              ("statements.observer_states", st.observer_states, True, "observer State"),
              ("statements.regional_organizations", st.regional_organizations, False, ""),
              ("statements.organizations", st.organizations, False, "")]
    return found


def check_lists(session: model.Session, diagnostics: Diagnostics) -> None:
    day = session.document.date
    for where, names, of_states, _ in listed(session):
        _check_order(where, names, diagnostics)
        _check_twice(where, names, diagnostics)
        if of_states:
            for name in names:
                _check_state(name.value, name.loc, day, diagnostics)
    for person in people(session):
        if person.country:
            _check_state(person.country, person.at("country"), day, diagnostics)
    for prefix in ("attendance", "statements"):
        _check_roles([item for item in listed(session) if item[0].startswith(prefix)],
                     diagnostics)


def people(session: model.Session) -> Iterable[model.Person | model.Officer]:
    """The chair and the officers: the people whose country the report names."""
    if session.meeting.chair:
        yield session.meeting.chair
    if session.officers:
        yield from session.officers.people
    if session.statements.panellists:
        yield from session.statements.panellists.people


def _check_state(name: str, location: Location, day: object, diagnostics: Diagnostics) -> None:
    finding = table().check(name, day)  # type: ignore[arg-type]
    if finding is None:
        return
    if finding.severity == "error":
        diagnostics.error(location, finding.message)
    else:
        diagnostics.warning(location, finding.message, finding.code)


def _check_order(where: str, names: list[model.Name], diagnostics: Diagnostics) -> None:
    keys = [sort_key(n.value) for n in names]
    for index in range(1, len(names)):
        if keys[index] < keys[index - 1]:
            diagnostics.warning(names[index].loc,
                                f"'{names[index].value}' comes before "
                                f"'{names[index - 1].value}' in English alphabetical order; "
                                f"{where} is printed sorted", "attendance.unsorted")
            return


def _identity(name: str) -> str:
    """One key per State whatever name it was given ("Turkey", "Türkiye"); else the text."""
    return table().iso3(name) or normalise(name).casefold()


def _check_twice(where: str, names: list[model.Name], diagnostics: Diagnostics) -> None:
    seen: dict[str, model.Name] = {}
    for name in names:
        key = _identity(name.value)
        if key in seen:
            diagnostics.error(name.loc, f"'{name.value}' is listed twice in {where} (first as "
                                        f"'{seen[key].value}' at {seen[key].loc}); keep one")
        seen.setdefault(key, name)


def _check_roles(listed: list[Listed], diagnostics: Diagnostics) -> None:
    """A State attends (or speaks) in one capacity: party, signatory or non-party."""
    roles: dict[str, tuple[str, model.Name]] = {}
    for _, names, of_states, role in listed:
        if not of_states:
            continue
        for name in names:
            key = _identity(name.value)
            if key in roles and roles[key][0] != role:
                first_role, first = roles[key]
                diagnostics.error(name.loc, f"'{name.value}' is listed as a {role} here and as "
                                            f"a {first_role} at {first.loc}; keep the one that "
                                            "is right")
            roles.setdefault(key, (role, name))
