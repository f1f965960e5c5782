"""The JSON API: GET /api/affiliates/locate. The matching itself lives in `affiliates.locator`."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from wagtail.models import Site

from affiliates import locator
from core.cache.decorators import public_cache
from resources.models import HelplineSettings


def json_response(data, status=200):
    # Escape <, > and & (valid JSON either way) so text echoed from the query string can
    # never become markup, even if a client renders the body as HTML.
    body = json.dumps(data, cls=DjangoJSONEncoder)
    body = body.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return HttpResponse(body, status=status, content_type="application/json")


def error_response(code, message, status):
    return json_response({"error": {"code": code, "message": message}}, status=status)


def affiliate_json(match, request):
    affiliate = match.affiliate
    return {
        "slug": affiliate.slug,
        "name": affiliate.title,
        "url": affiliate.get_full_url(request),
        "phone": affiliate.phone,
        "email": affiliate.email,
        "website": affiliate.website,
        "city": affiliate.city,
        "state": affiliate.state,
        "distance_miles": match.distance_miles,
        "match": match.match,
    }


def national_json(request):
    # A host that matches no site (and no default site) still gets the helpline's defaults.
    site = Site.find_for_request(request)
    helpline = HelplineSettings.for_site(site) if site else HelplineSettings()
    return {"name": helpline.name, "phone": helpline.display_number, "url": helpline.tel_href}


def result_json(result, request):
    return {
        "location": result.place.as_location(),
        "serving": [affiliate_json(m, request) for m in result.serving],
        "nearby": [affiliate_json(m, request) for m in result.nearby],
        "national": national_json(request),
    }


# Exempt from CSRF so that any other method gets the 405 the contract promises rather than
# a 403; nothing here changes state. Answers are the same for every anonymous visitor and
# change only when affiliate pages or the helpline setting change (both purge the page
# cache), so the page cache keeps them per full URL; errors are never stored.
@csrf_exempt
@public_cache
def locate(request):
    if request.method not in ("GET", "HEAD"):
        response = error_response(
            "method_not_allowed", "Use GET, e.g. /api/affiliates/locate?zip=50309.", status=405
        )
        response["Allow"] = "GET, HEAD"
        return response
    try:
        place = locator.resolve_params(request.GET)
    except locator.LocatorError as error:
        return error_response(error.code, error.message, error.status)
    result = locator.locate(place)
    response = json_response(result_json(result, request))
    response["Cache-Control"] = "max-age=300"
    return response
