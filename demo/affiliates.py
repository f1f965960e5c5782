"""Demo content: the locator page and a set of affiliates loaded from `demo/data/affiliates.csv`.

The CSV goes through the same import code editors use, in create-only mode, so running the
demo loader again never overwrites what editors changed.
"""

from pathlib import Path

from affiliates.importer import import_file
from affiliates.models import AffiliatePage
from demo.factories import AffiliateLocatorPageFactory
from demo.utils import child_by_slug, ensure_child, rich
from pages.models import HomePage

DEMO_CSV = Path(__file__).resolve().parent / "data" / "affiliates.csv"

DESCRIPTIONS = {
    "komen-iowa": "We serve every Iowa county except Scott County, which the Quad Cities Affiliate covers, "
    "and Council Bluffs, which Greater Nebraska covers. Our grants pay for screening mammograms "
    "in rural clinics and rides to treatment.",
    "komen-quad-cities": "A metro Affiliate on both banks of the Mississippi: Scott County in Iowa and "
    "Rock Island and Henry counties in Illinois.",
    "komen-greater-nebraska": "We serve all of Nebraska and the Council Bluffs ZIP codes across the river.",
    "komen-missouri": "We serve Missouri outside the Kansas City and St. Louis areas, with mobile "
    "screening days in small towns.",
    "komen-greater-kansas-city": "Six counties on both sides of the state line, from Platte County to "
    "Johnson County, Kansas.",
    "komen-st-louis": "St. Louis city and county, St. Charles and Jefferson counties, and the Metro East "
    "counties in Illinois.",
    "komen-massachusetts": "Patient navigation and treatment assistance across Massachusetts.",
    "komen-new-jersey": "Community health grants and a patient assistance fund for all of New Jersey.",
    "komen-connecticut": "Education and screening programs in every Connecticut county.",
    "komen-colorado": "Serving the whole of Colorado, from the Front Range to the Western Slope.",
    "komen-houston": "Five counties of greater Houston, with programs in English, Spanish and Vietnamese.",
}


def load(log):
    home = HomePage.objects.first()
    locator, _ = ensure_child(
        home,
        AffiliateLocatorPageFactory,
        "find-your-local-affiliate",
        log,
        title="Find your local Affiliate",
        show_in_menus=True,
        listing_summary="Local Affiliates fund screening, treatment help and education where you live.",
        intro="Local Affiliates fund screening, treatment assistance and education in their "
        "communities. Search by ZIP code, city or state to find the one that serves you.",
    )
    report = import_file(DEMO_CSV, create_only=True)
    if report.errors:
        raise RuntimeError("The demo affiliates CSV is invalid: " + "; ".join(map(str, report.errors)))
    for slug in report.created:
        log(f"  created affiliate '{slug}'")
    # Descriptions are not part of the CSV; add them only where an affiliate has none yet.
    for slug, text in DESCRIPTIONS.items():
        page = child_by_slug(locator, slug)
        if isinstance(page, AffiliatePage) and not page.description and slug in report.created:
            page.description = rich(text)
            page.save_revision().publish()
    return locator
