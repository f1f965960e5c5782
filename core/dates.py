"""Dates and times as members read them."""

import zoneinfo

from django.utils import timezone
from django.utils.formats import date_format

EASTERN = zoneinfo.ZoneInfo("America/New_York")  # the helpline's and the moderators' clock


def eastern_time(value):
    """'December 3, 2026 at 4:05 PM ET': a moment shown to members carries its zone."""
    local = timezone.localtime(value, EASTERN)
    return f"{date_format(local, 'F j, Y')} at {date_format(local, 'g:i A')} ET"
