"""``SOURCE_DATE_EPOCH``: the one reading of it, for the cache key and the writers.

Same inputs give the same bytes: a document's files are stamped with its date of
issue, or with this variable when a reproducible build sets it, never the clock.
"""

from __future__ import annotations

import datetime as dt
import os

from reportgen.errors import ExitCode, ReportError

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
# The last second a zip entry's date can hold (a DOCX is a zip; pandoc fails beyond it).
LATEST_EPOCH = 4354819199  # 2107-12-31 23:59:59 UTC
# The date stamped into a document that has no date of issue.
UNDATED = dt.date(2000, 1, 1)


class SettingError(ReportError):
    """A setting from the environment is wrong: like a wrong option, exit 2."""

    exit_code = ExitCode.INVALID_INPUT


def source_date_epoch() -> int | None:
    """``$SOURCE_DATE_EPOCH`` in seconds, None when it is unset or empty.

    The one reading of the variable: the cache key, the DOCX and the PDF writer
    all use it. A value that is not a whole number from 0 to LATEST_EPOCH is a
    SettingError: pandoc and typst would fail on it, or a date would be wrong.
    """
    value = os.environ.get(EPOCH_VARIABLE, "").strip()
    if not value:
        return None
    if value.isascii() and value.isdigit() and int(value) <= LATEST_EPOCH:
        return int(value)
    latest = dt.datetime.fromtimestamp(LATEST_EPOCH, dt.UTC).date()
    raise SettingError(f"{EPOCH_VARIABLE} is {value!r}; it must be a whole number of seconds "
                       f"since 1970-01-01 UTC, from 0 to {LATEST_EPOCH} ({latest}), such as "
                       f"the output of 'date +%s' (or unset it)")


def issue_timestamp(issued: str) -> int:
    """The time stamped into a document (its files' dates): ``SOURCE_DATE_EPOCH`` when
    set, else midnight UTC of its date of issue ``issued`` (YYYY-MM-DD), never the clock."""
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch
    day = dt.date.fromisoformat(issued) if issued else UNDATED
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())
