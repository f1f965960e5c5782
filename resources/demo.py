"""Demo content for resources: the Breast Care Helpline setting."""

import datetime as dt

from wagtail.models import Site

from resources.models import HelplineHours, HelplineSettings


def load(log):
    site = Site.objects.get(is_default_site=True)
    helpline = HelplineSettings.for_site(site)
    if not helpline.note:
        helpline.note = (
            "Free, professional support for anyone with breast cancer questions or concerns, "
            "including people with metastatic breast cancer and their families."
        )
        helpline.save()
    if not helpline.hours.exists():
        # Monday to Friday, 9:00 a.m. to 10:00 p.m. Eastern time (6:00 a.m. to 7:00 p.m. Pacific).
        for weekday in range(5):
            HelplineHours.objects.create(
                setting=helpline, weekday=weekday, opens=dt.time(9), closes=dt.time(22), sort_order=weekday
            )
        log("  filled the helpline opening hours")
