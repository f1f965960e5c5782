"""Dates and times as members read them."""

import zoneinfo

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

EASTERN = zoneinfo.ZoneInfo("America/New_York")  # the helpline's and the moderators' clock


def eastern_time(value):
    """'December 3, 2026 at 4:05 PM ET' ('3 de diciembre de 2026 a las 4:05 p. m. (hora del
    Este)' in Spanish): a moment shown to members carries its zone, in the active language."""
    local = timezone.localtime(value, EASTERN)
    meridiem = pgettext("time of day", "AM") if local.hour < 12 else pgettext("time of day", "PM")
    return gettext("%(date)s at %(time)s ET") % {
        "date": date_format(local, pgettext("date format for a day", "F j, Y")),
        "time": f"{date_format(local, 'g:i')} {meridiem}",
    }
