"""Template filters that write dates and times the way csssl.uktime does, so a deadline reads
the same in a template as in an email built in Python: ``{% load uktime %}``, then
``{{ cohort.application_deadline|time_on_weekday }}`` → "23:59 on Friday 2 July 2021".

An empty value (None, or an empty string from a missing variable) shows as nothing, as
Django's own ``date`` filter does.
"""

from __future__ import annotations

from datetime import date, datetime

from django import template

from csssl import uktime

register = template.Library()


@register.filter
def time_on_weekday(value: datetime | None) -> str:
    """A moment as "23:59 on Friday 2 July 2021", in UK time."""
    return uktime.time_on_weekday(value) if value else ""


@register.filter
def time_on_date(value: datetime | None) -> str:
    """A moment as "23:59 on 2 July 2021", in UK time."""
    return uktime.time_on_date(value) if value else ""


@register.filter
def long_date(value: date | None) -> str:
    """A day as "2 July 2021"; a moment is taken on its UK day."""
    if not value:
        return ""
    return uktime.long_date(uktime.uk_day(value) if isinstance(value, datetime) else value)


@register.filter
def weekday_date(value: date | None) -> str:
    """A day as "Friday 2 July 2021"; a moment is taken on its UK day."""
    if not value:
        return ""
    return uktime.weekday_date(uktime.uk_day(value) if isinstance(value, datetime) else value)
