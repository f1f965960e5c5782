"""Helpline opening hours: stored in US Eastern time, shown in Eastern and Pacific time.

Kept free of models and requests so it is easy to test at boundary times and across
daylight-saving changes.
"""

import datetime as dt
from dataclasses import dataclass
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


@dataclass(frozen=True)
class HelplineStatus:
    """Whether the helpline is open at `now`, and when that next changes (aware, Eastern)."""

    is_open: bool
    now: dt.datetime
    closes_at: dt.datetime | None = None
    next_opening: dt.datetime | None = None

    @property
    def label(self):
        return "Open now" if self.is_open else "Closed now"

    @property
    def sentence(self):
        """'Open now until 10:00 p.m. ET (7:00 p.m. PT)' / 'Closed now. Opens Monday at …'."""
        detail = self.detail
        if not detail:
            return self.label
        return f"{self.label} {detail}" if self.is_open else f"{self.label}. {detail}"

    @property
    def detail(self):
        """'until 10:00 p.m. ET (7:00 p.m. PT)' or 'Opens Monday at 9:00 a.m. ET (6:00 a.m. PT)'."""
        if self.is_open and self.closes_at:
            return f"until {_both_zones(self.closes_at)}"
        if self.next_opening:
            return f"Opens {_relative_day(self.next_opening, self.now)} at {_both_zones(self.next_opening)}"
        return ""

    @property
    def valid_until(self):
        """When `sentence` next reads differently: closing time when open; when closed, the
        next opening or the next Eastern midnight ('tomorrow' becomes 'today'), whichever is
        first. None when the helpline has no hours (the sentence never changes)."""
        if self.is_open:
            return self.closes_at
        if self.next_opening is None:
            return None
        midnight = dt.datetime.combine(self.now.date() + dt.timedelta(days=1), dt.time(), tzinfo=EASTERN)
        return min(self.next_opening, midnight)


def _both_zones(moment):
    return f"{format_time(moment.time())} ET ({format_time(moment.astimezone(PACIFIC).time())} PT)"


def _relative_day(moment, now):
    days = (moment.date() - now.date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return WEEKDAYS[moment.weekday()]


def status(hours, now=None):
    """The helpline's state at `now` (default: the current time), computed in Eastern time.

    Wall-clock Eastern times are combined with each calendar date, so a 9:00 a.m. opening
    stays 9:00 a.m. ET on both sides of a daylight-saving change.
    """
    now_et = (now or timezone.now()).astimezone(EASTERN)
    windows = sorted(hours)
    for offset in range(8):
        day = now_et.date() + dt.timedelta(days=offset)
        for weekday, opens, closes in windows:
            if weekday != day.weekday():
                continue
            start = dt.datetime.combine(day, opens, tzinfo=EASTERN)
            end = dt.datetime.combine(day, closes, tzinfo=EASTERN)
            if offset == 0 and start.time() <= now_et.time().replace(tzinfo=None) < end.time():
                return HelplineStatus(True, now_et, closes_at=end)
            if start > now_et:
                return HelplineStatus(False, now_et, next_opening=start)
    return HelplineStatus(False, now_et)
