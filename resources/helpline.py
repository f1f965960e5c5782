"""Helpline opening hours: stored in US Eastern time, shown in Eastern and Pacific time.

Kept free of models and requests so it is easy to test at boundary times and across
daylight-saving changes.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

EASTERN = ZoneInfo("America/New_York")
PACIFIC = ZoneInfo("America/Los_Angeles")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAY_CHOICES = list(enumerate(WEEKDAYS))


def is_open(hours, now=None):
    """True if `now` (an aware datetime; default: current time) falls inside any opening window.

    `hours` is an iterable of (weekday, opens, closes) in Eastern time, Monday = 0.
    """
    now_et = (now or timezone.now()).astimezone(EASTERN)
    current = now_et.time().replace(tzinfo=None)
    return any(day == now_et.weekday() and opens <= current < closes for day, opens, closes in hours)


def to_pacific(time, on_date):
    """The Pacific wall-clock time for an Eastern wall-clock `time` on `on_date`."""
    return dt.datetime.combine(on_date, time, tzinfo=EASTERN).astimezone(PACIFIC).time()


def format_time(value):
    """'9:00 a.m.' style, as in AP style used across the site."""
    hour = value.hour % 12 or 12
    suffix = "a.m." if value.hour < 12 else "p.m."
    return f"{hour}:{value.minute:02d} {suffix}"


def _day_range(days):
    first, last = WEEKDAYS[days[0]], WEEKDAYS[days[-1]]
    if len(days) == 1:
        return first
    if len(days) == 2:
        return f"{first} and {last}"
    return f"{first} through {last}"


def schedule_lines(hours, on_date=None):
    """Group consecutive weekdays with the same hours into readable lines.

    Returns dicts with `days`, `eastern` and `pacific` strings, e.g.
    {"days": "Monday through Friday", "eastern": "9:00 a.m. to 10:00 p.m. ET",
     "pacific": "6:00 a.m. to 7:00 p.m. PT"}.
    """
    on_date = on_date or timezone.localdate(timezone=EASTERN)
    windows = sorted(hours)
    groups = []
    for day, opens, closes in windows:
        last = groups[-1] if groups else None
        if last and last["window"] == (opens, closes) and last["days"][-1] == day - 1:
            last["days"].append(day)
        else:
            groups.append({"days": [day], "window": (opens, closes)})
    lines = []
    for group in groups:
        opens, closes = group["window"]
        lines.append(
            {
                "days": _day_range(group["days"]),
                "eastern": f"{format_time(opens)} to {format_time(closes)} ET",
                "pacific": f"{format_time(to_pacific(opens, on_date))} to "
                f"{format_time(to_pacific(closes, on_date))} PT",
            }
        )
    return lines
