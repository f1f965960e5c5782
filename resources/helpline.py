"""Helpline opening hours: stored in US Eastern time, shown in Eastern and Pacific time.

Kept free of models and requests so it is easy to test at boundary times and across
daylight-saving changes. Every phrase goes through gettext in the active language: English
reads "Monday through Friday: 9:00 a.m. to 10:00 p.m. ET", Spanish "de lunes a viernes, de
9:00 a. m. a 10:00 p. m. (hora del Este)". Weekday names take a message context per use,
because Spanish says "de lunes a viernes", "los sábados" and "abre el lunes".
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

EASTERN = ZoneInfo("America/New_York")
PACIFIC = ZoneInfo("America/Los_Angeles")
WEEKDAY_CHOICES = [
    (0, pgettext_lazy("weekday", "Monday")),
    (1, pgettext_lazy("weekday", "Tuesday")),
    (2, pgettext_lazy("weekday", "Wednesday")),
    (3, pgettext_lazy("weekday", "Thursday")),
    (4, pgettext_lazy("weekday", "Friday")),
    (5, pgettext_lazy("weekday", "Saturday")),
    (6, pgettext_lazy("weekday", "Sunday")),
]


def _weekday_in_range(day):
    """The name as it reads in "Monday through Friday" ("lunes" in "de lunes a viernes")."""
    return [
        pgettext("weekday in a range of days", "Monday"),
        pgettext("weekday in a range of days", "Tuesday"),
        pgettext("weekday in a range of days", "Wednesday"),
        pgettext("weekday in a range of days", "Thursday"),
        pgettext("weekday in a range of days", "Friday"),
        pgettext("weekday in a range of days", "Saturday"),
        pgettext("weekday in a range of days", "Sunday"),
    ][day]


def _weekday_every_week(day):
    """The name for a day the hours repeat on ("Saturday": "los sábados")."""
    return [
        pgettext("hours on this day every week", "Monday"),
        pgettext("hours on this day every week", "Tuesday"),
        pgettext("hours on this day every week", "Wednesday"),
        pgettext("hours on this day every week", "Thursday"),
        pgettext("hours on this day every week", "Friday"),
        pgettext("hours on this day every week", "Saturday"),
        pgettext("hours on this day every week", "Sunday"),
    ][day]


def _weekday_next(day):
    """The name for the next opening ("Opens Monday": "Abre el lunes")."""
    return [
        pgettext("opens on the coming weekday", "Monday"),
        pgettext("opens on the coming weekday", "Tuesday"),
        pgettext("opens on the coming weekday", "Wednesday"),
        pgettext("opens on the coming weekday", "Thursday"),
        pgettext("opens on the coming weekday", "Friday"),
        pgettext("opens on the coming weekday", "Saturday"),
        pgettext("opens on the coming weekday", "Sunday"),
    ][day]


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
    """'9:00 a.m.' style, as in AP style used across the site ('9:00 a. m.' in Spanish)."""
    hour = value.hour % 12 or 12
    suffix = pgettext("time of day", "a.m.") if value.hour < 12 else pgettext("time of day", "p.m.")
    return f"{hour}:{value.minute:02d} {suffix}"


def _hour_of(value):
    # Spanish says "a la 1:00" but "a las 9:00": the phrase with the time is chosen like a
    # plural, by the hour on the clock face.
    return value.hour % 12 or 12


def _day_range(days):
    if len(days) == 1:
        return _weekday_every_week(days[0])
    if len(days) == 2:
        return _("%(first)s and %(last)s") % {
            "first": _weekday_every_week(days[0]),
            "last": _weekday_every_week(days[-1]),
        }
    return _("%(first)s through %(last)s") % {
        "first": _weekday_in_range(days[0]),
        "last": _weekday_in_range(days[-1]),
    }


def schedule_lines(hours, on_date=None):
    """Group consecutive weekdays with the same hours into readable lines.

    Returns dicts with `days`, `eastern` and `pacific` strings and the whole line as `text`,
    in the active language, e.g.
    {"days": "Monday through Friday", "eastern": "9:00 a.m. to 10:00 p.m. ET",
     "pacific": "6:00 a.m. to 7:00 p.m. PT",
     "text": "Monday through Friday: 9:00 a.m. to 10:00 p.m. ET (6:00 a.m. to 7:00 p.m. PT)"}.
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
        line = {
            "days": _day_range(group["days"]),
            "eastern": _("%(opens)s to %(closes)s ET")
            % {"opens": format_time(opens), "closes": format_time(closes)},
            "pacific": _("%(opens)s to %(closes)s PT")
            % {
                "opens": format_time(to_pacific(opens, on_date)),
                "closes": format_time(to_pacific(closes, on_date)),
            },
        }
        line["text"] = capfirst(_("%(days)s: %(eastern)s (%(pacific)s)") % line)
        lines.append(line)
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
        return _("Open now") if self.is_open else _("Closed now")

    @property
    def sentence(self):
        """'Open now until 10:00 p.m. ET (7:00 p.m. PT)' / 'Closed now. Opens Monday at …'."""
        if self.is_open and self.closes_at:
            return ngettext(
                "Open now until %(time)s", "Open now until %(time)s", _hour_of(self.closes_at)
            ) % {"time": _both_zones(self.closes_at)}
        if self.next_opening:
            return ngettext(
                "Closed now. Opens %(day)s at %(time)s",
                "Closed now. Opens %(day)s at %(time)s",
                _hour_of(self.next_opening),
            ) % {"day": _relative_day(self.next_opening, self.now), "time": _both_zones(self.next_opening)}
        return self.label

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
    return _("%(eastern)s ET (%(pacific)s PT)") % {
        "eastern": format_time(moment.time()),
        "pacific": format_time(moment.astimezone(PACIFIC).time()),
    }


def _relative_day(moment, now):
    days = (moment.date() - now.date()).days
    if days == 0:
        return pgettext("the helpline opens", "today")
    if days == 1:
        return pgettext("the helpline opens", "tomorrow")
    return _weekday_next(moment.weekday())


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
