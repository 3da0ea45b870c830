"""UK time: every time people read and every UK "today", whatever the clock zone."""

from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.template import Context, Template
from django.utils import timezone

from csssl.uktime import (
    UK_TIME,
    clock_time,
    in_uk,
    long_date,
    short_date,
    short_moment,
    spreadsheet_moment,
    time_on_date,
    time_on_weekday,
    uk_day,
    uk_moment,
    uk_today,
    weekday_date,
)

#: 23:30 UTC on 2 July 2021 is 00:30 on 3 July in British Summer Time.
SUMMER_NIGHT = datetime(2021, 7, 2, 23, 30, tzinfo=UTC)
#: In winter UK time is UTC.
WINTER_NIGHT = datetime(2021, 12, 2, 23, 30, tzinfo=UTC)


def test_uktime_zone_is_europe_london():
    assert str(UK_TIME) == "Europe/London"


def test_uktime_in_uk_follows_summer_time():
    assert in_uk(SUMMER_NIGHT).replace(tzinfo=None) == datetime(2021, 7, 3, 0, 30)
    assert in_uk(WINTER_NIGHT).replace(tzinfo=None) == datetime(2021, 12, 2, 23, 30)


def test_uktime_in_uk_whatever_zone_is_switched_on():
    with timezone.override("America/New_York"):
        assert in_uk(SUMMER_NIGHT).hour == 0
        assert uk_day(SUMMER_NIGHT) == date(2021, 7, 3)


def test_uktime_day_of_a_moment_is_the_uk_day():
    assert uk_day(SUMMER_NIGHT) == date(2021, 7, 3)
    assert uk_day(WINTER_NIGHT) == date(2021, 12, 2)


def test_uktime_today_is_the_uk_date():
    with time_machine.travel(SUMMER_NIGHT, tick=False):
        assert uk_today() == date(2021, 7, 3)
    assert uk_today(now=WINTER_NIGHT) == date(2021, 12, 2)


def test_uktime_moment_on_a_uk_wall_clock():
    deadline = uk_moment(date(2021, 7, 2), time(23, 59))

    assert deadline == datetime(2021, 7, 2, 22, 59, tzinfo=UTC)
    assert uk_moment(date(2021, 12, 2), time(9)) == datetime(2021, 12, 2, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (long_date(date(2021, 7, 2)), "2 July 2021"),
        (weekday_date(date(2021, 7, 2)), "Friday 2 July 2021"),
        (clock_time(SUMMER_NIGHT), "00:30"),
        (time_on_date(SUMMER_NIGHT), "00:30 on 3 July 2021"),
        (time_on_date(SUMMER_NIGHT, with_year=False), "00:30 on 3 July"),
        (time_on_weekday(SUMMER_NIGHT), "00:30 on Saturday 3 July 2021"),
        (time_on_weekday(WINTER_NIGHT), "23:30 on Thursday 2 December 2021"),
        (short_date(date(2021, 7, 2)), "2 Jul 2021"),
        (short_moment(SUMMER_NIGHT), "3 Jul 2021, 00:30"),
        (spreadsheet_moment(SUMMER_NIGHT), "2021-07-03 00:30"),
        (spreadsheet_moment(datetime(2021, 7, 2, 23, 30)), "2021-07-02 23:30"),
    ],
)
def test_uktime_formats(written, expected):
    assert written == expected


def test_uktime_short_formats_leave_nothing_empty():
    assert short_date(None) is None
    assert short_moment(None) is None


def rendered(text: str, **context) -> str:
    return Template("{% load uktime %}" + text).render(Context(context))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{ when|time_on_weekday }}", "00:30 on Saturday 3 July 2021"),
        ("{{ when|time_on_date }}", "00:30 on 3 July 2021"),
        ("{{ when|long_date }}", "3 July 2021"),
        ("{{ when|weekday_date }}", "Saturday 3 July 2021"),
        ("{{ day|long_date }}", "2 July 2021"),
        ("{{ day|weekday_date }}", "Friday 2 July 2021"),
    ],
)
def test_uktime_template_filters_write_as_python_does(text, expected):
    assert rendered(text, when=SUMMER_NIGHT, day=date(2021, 7, 2)) == expected


@pytest.mark.parametrize("name", ["time_on_weekday", "time_on_date", "long_date", "weekday_date"])
def test_uktime_template_filters_show_nothing_for_nothing(name):
    assert rendered(f"[{{{{ missing|{name} }}}}][{{{{ none|{name} }}}}]", none=None) == "[][]"


def test_uktime_template_filter_matches_the_date_filter_it_replaces():
    deadline = uk_moment(date(2031, 7, 2), time(23, 59))

    assert rendered("{{ d|time_on_weekday }}", d=deadline) == rendered(
        r'{{ d|date:"H:i \o\n l j F Y" }}', d=deadline
    )
