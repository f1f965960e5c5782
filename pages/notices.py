"""The "current as of posting" notice of Komen Perspectives, for feeds, JSON-LD and social
descriptions (pages use the template component `components/perspective_notice.html`).

The disclaimer itself is a site setting: the page models read it (`SiteSettings`) and pass it
in, so this module and the feed, which the models import, import no model."""

from django.utils.formats import date_format
from django.utils.translation import pgettext


def perspective_notice(perspective, disclaimer):
    """The posting date and the 'current as of posting' disclaimer, as plain text.

    The one place feeds, JSON-LD and social descriptions get it from; pages use the matching
    template component `components/perspective_notice.html`.
    """
    posted = pgettext("followed by the month and year", "Posted")
    return f"{posted} {date_format(perspective.posting_date, 'YEAR_MONTH_FORMAT')}. {disclaimer}".strip()
