"""Benchmark the Affiliate locator: in-process and through the JSON API, over 1,000 affiliates.

Run against a throw-away PostgreSQL (about a minute):

    scripts/with-postgres .venv/bin/python bench/locator.py

Absolute timings depend on the machine, so every figure is also printed as a ratio against a
baseline measured in the same run: one primary-key ORM query for in-process calls, and a
trivial JSON view through the same Django stack (test client, middleware) for API calls.
It also prints the most queries any locate call made, with 100 and with 1,000 affiliates.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komensite.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment  # noqa: E402
from django.urls import include, path  # noqa: E402

from affiliates import locator  # noqa: E402
from affiliates.zipdata import STATE_NAMES, get_index  # noqa: E402

AFFILIATES = 1000
REPEAT = 200


def ping(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/ping", ping), path("", include("komensite.urls"))]


def build_site():
    from wagtail.models import Page, Site

    from affiliates.models import AffiliateLocatorPage
    from pages.models import HomePage

    root = Page.get_first_root_node()
    home = HomePage(title="Home", slug="komen", hero_heading="Bench")
    root.add_child(instance=home)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    loc = AffiliateLocatorPage(title="Find your local Affiliate", slug="find")
    home.add_child(instance=loc)
    return home, loc


def add_affiliates(parent, count, start, rng):
    """`count` live affiliates with a realistic mix: statewide, county lists and ZIP lists.

    Pages are inserted in bulk (tree paths computed here, no revisions) so that building
    1,000 of them takes seconds; what a locate call reads is exactly what the admin or the
    importer would have written, including the service-area index.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from affiliates.models import AffiliatePage, ServiceArea

    index = get_index()
    records = [
        r for r in index.by_zip.values() if r.active and r.latitude and r.county and r.state in STATE_NAMES
    ]
    counties_by_state = {s: sorted(c) for s, c in index.counties_by_state.items() if s in STATE_NAMES}
    content_type = ContentType.objects.get_for_model(AffiliatePage)
    parent.refresh_from_db()
    affiliates = []
    for n in range(start, start + count):
        office = rng.choice(records)
        kind = n % 10
        states = counties = zips = ""
        if kind == 0:
            states = office.state
        elif kind < 7:
            choices = counties_by_state[office.state]
            picks = rng.sample(choices, min(rng.randint(1, 5), len(choices)))
            counties = "\n".join(f"{c}, {office.state}" for c in picks)
        else:
            zips = " ".join(sorted(r.zip for r in rng.sample(records, rng.randint(1, 8))))
        slug = f"affiliate-{n}"
        affiliates.append(
            AffiliatePage(
                title=f"Affiliate {n}",
                draft_title=f"Affiliate {n}",
                slug=slug,
                path=Page._get_path(parent.path, parent.depth + 1, parent.numchild + 1 + n - start),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                content_type=content_type,
                locale_id=parent.locale_id,
                live=True,
                city=office.city,
                state=office.state,
                zip=office.zip,
                latitude=round(office.latitude, 6),
                longitude=round(office.longitude, 6),
                service_states=states,
                service_counties=counties,
                service_zips=zips,
            )
        )
    with transaction.atomic():
        pages = Page.objects.bulk_create(
            [
                Page(**{f.attname: getattr(a, f.attname) for f in Page._meta.concrete_fields})
                for a in affiliates
            ]
        )
        areas = []
        for affiliate, page in zip(affiliates, pages, strict=True):
            affiliate.page_ptr_id = affiliate.id = page.pk
            # Insert only the affiliate table's row; the page row exists already.
            affiliate.save_base(raw=True, force_insert=True)
            areas += ServiceArea.rows_for(affiliate)
        ServiceArea.objects.bulk_create(areas)
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + count)


def timed(func, inputs, repeat=REPEAT):
    samples = []
    for i in range(repeat):
        arg = inputs[i % len(inputs)]
        start = time.perf_counter()
        func(arg)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def queries(func, arg):
    with CaptureQueriesContext(connection) as ctx:
        func(arg)
    return len(ctx.captured_queries)


def main():
    started = time.perf_counter()
    setup_test_environment()
    connection.settings_dict.setdefault("TEST", {})["NAME"] = "bench_locator"
    db_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    rng = random.Random(20261126)
    try:
        with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["localhost", "testserver"]):
            run(rng)
    finally:
        connection.creation.destroy_test_db(db_name, verbosity=0)
    print(f"\nTotal run time {time.perf_counter() - started:.1f} s")


def run(rng):
    from wagtail.models import Page

    t = time.perf_counter()
    get_index()
    print(f"ZIP index built in {time.perf_counter() - t:.2f} s (once per process)")
    home, loc = build_site()
    t = time.perf_counter()
    add_affiliates(loc, 100, 0, rng)
    index = get_index()
    sample = [r for r in index.by_zip.values() if r.active and r.latitude and r.state in STATE_NAMES]
    zips = [r.zip for r in rng.sample(sample, 50)]
    cities = [(r.city, r.state) for r in rng.sample(sample, 50)]
    points = [(round(r.latitude + 0.01, 3), round(r.longitude - 0.01, 3)) for r in rng.sample(sample, 50)]

    cases = {
        "zip": (lambda z: locator.locate(locator.resolve_zip(z)), zips, lambda z: f"?zip={z}"),
        "city": (
            lambda c: locator.locate(locator.resolve_city(*c)),
            cities,
            lambda c: f"?city={c[0].replace(' ', '+')}&state={c[1]}",
        ),
        "lat/lng": (
            lambda p: locator.locate(locator.resolve_point(*p)),
            points,
            lambda p: f"?lat={p[0]}&lng={p[1]}",
        ),
    }
    small_counts = {name: max(queries(func, i) for i in inputs) for name, (func, inputs, _) in cases.items()}
    add_affiliates(loc, AFFILIATES - 100, 100, rng)
    print(f"{AFFILIATES} affiliates created in {time.perf_counter() - t:.1f} s\n")

    client = Client(HTTP_HOST="localhost")
    client.get("/bench/ping")
    client.get("/api/affiliates/locate?zip=50309")  # warm caches (site root paths, settings)

    resolve = {
        "zip": (locator.resolve_zip, zips),
        "city": (lambda c: locator.resolve_city(*c), cities),
        "lat/lng": (lambda p: locator.resolve_point(*p), points),
    }
    base_orm = timed(lambda pk: Page.objects.filter(pk=pk).first(), [home.pk])
    base_view = timed(client.get, ["/bench/ping"])
    print(f"Baseline, one primary-key ORM query:        {base_orm * 1e6:8.0f} µs")
    print(f"Baseline, trivial JSON view (test client):  {base_view * 1e6:8.0f} µs\n")
    header = (
        f"{'input':8} {'resolve µs':>10} {'locate µs':>10} {'× ORM q':>8} {'API µs':>8} {'× view':>7} "
        f"{'queries@100':>11} {'queries@1000':>12}"
    )
    print(header)
    print("-" * len(header))
    for name, (func, inputs, to_query) in cases.items():
        resolve_func, resolve_inputs = resolve[name]
        resolve_time = timed(resolve_func, resolve_inputs, repeat=2000)
        in_process = timed(func, inputs)
        api = timed(client.get, ["/api/affiliates/locate" + to_query(i) for i in inputs])
        large_count = max(queries(func, i) for i in inputs)
        print(
            f"{name:8} {resolve_time * 1e6:10.1f} {in_process * 1e6:10.0f} {in_process / base_orm:8.1f} "
            f"{api * 1e6:8.0f} {api / base_view:7.1f} {small_counts[name]:11} {large_count:12}"
        )
        assert small_counts[name] <= large_count <= locator.MAX_QUERIES, "query count must not grow"
        response = client.get("/api/affiliates/locate" + to_query(inputs[0]))
        assert response.status_code == 200, response.content


if __name__ == "__main__":
    main()
