"""UK time: the one clock people on the programmes read.

Times are stored in UTC; every time a person reads, and every "today" a deadline or a rule is
checked against, is in Europe/London, whatever the server's clock zone or the time zone a
request has switched on. The few ways the project writes a date or a time are here too, so a
deadline reads the same in an email, a page, a PDF and an error message.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.dateformat import format as django_format

#: The zone every time is shown in and every UK day is counted in.
UK_TIME = ZoneInfo("Europe/London")


def in_uk(moment: datetime) -> datetime:
    """An aware moment as a UK clock shows it (GMT in winter, BST in summer)."""
    return timezone.localtime(moment, UK_TIME)


def uk_today(*, now: datetime | None = None) -> date:
    """Today's date in the UK (or the UK date of ``now``)."""
    return in_uk(now or timezone.now()).date()


def uk_day(moment: datetime) -> date:
    """The UK calendar day a moment falls on: 00:30 UK time in summer is still that day, though
    it is 23:30 the day before in UTC."""
    return in_uk(moment).date()


def uk_moment(day: date, clock: time) -> datetime:
    """The moment a UK wall clock shows ``clock`` on ``day``, as deadlines are published
    ("23:59 on 2 July")."""
    return datetime.combine(day, clock, tzinfo=UK_TIME)


# --- How dates and times are written --------------------------------------------------------


def long_date(day: date) -> str:
    """A day written out: "2 July 2021"."""
    return f"{day:%-d %B %Y}"


def weekday_date(day: date) -> str:
    """A day with its weekday: "Friday 2 July 2021"."""
    return f"{day:%A %-d %B %Y}"


def clock_time(moment: datetime) -> str:
    """The UK clock time of a moment: "23:59"."""
    return f"{in_uk(moment):%H:%M}"


def time_on_date(moment: datetime, *, with_year: bool = True) -> str:
    """A moment as a time on a day: "23:59 on 2 July 2021" (or "23:59 on 2 July")."""
    local = in_uk(moment)
    if with_year:
        return f"{local:%H:%M} on {local:%-d %B %Y}"
    return f"{local:%H:%M} on {local:%-d %B}"


def time_on_weekday(moment: datetime) -> str:
    """A moment as a time on a named day, as deadlines are written in letters and on pages:
    "23:59 on Friday 2 July 2021"."""
    return f"{in_uk(moment):%H:%M on %A %-d %B %Y}"


def short_date(day: date | None) -> str | None:
    """A day in a list or table cell: "2 Jul 2021"; None stays None (an empty cell)."""
    if day is None:
        return None
    return django_format(day, "j M Y")


def short_moment(moment: datetime | None) -> str | None:
    """A moment in a list or table cell: "2 Jul 2021, 23:59"; None stays None."""
    if moment is None:
        return None
    return django_format(in_uk(moment), "j M Y, H:i")


def spreadsheet_moment(moment: datetime) -> str:
    """A moment in a spreadsheet cell, sortable as text: "2021-07-02 23:59". An aware moment is
    shown in UK time; a naive one is shown as it is."""
    if timezone.is_aware(moment):
        moment = moment.astimezone(UK_TIME)
    return moment.strftime("%Y-%m-%d %H:%M")
