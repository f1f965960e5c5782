"""Affiliate logos and photos (issue 19): optional, alt text unless decorative, responsive
renditions made on save, constant queries on the affiliate page and the locator."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.images.models import Image, Rendition
from wagtail.images.tests.utils import get_test_image_file

from core.cache.images import pregenerate
from tests.utils import count_queries
from tests.utils import soup as soup_of

pytestmark = pytest.mark.django_db
URL = "/find-your-local-affiliate/"


def make_image(title="Photo", size=(1600, 900)):
    return Image.objects.create(title=title, file=get_test_image_file(size=size))


def with_images(page, *, logo_alt="Komen Iowa", photo_alt="Volunteers at a walk", **fields):
    page.logo = make_image(f"{page.slug} logo", size=(640, 320))
    page.logo_alt = logo_alt
    page.lead_image = make_image(f"{page.slug} photo")
    page.lead_image_alt = photo_alt
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def test_logo_needs_alt_text_unless_decorative(make_affiliate):
    page = make_affiliate(title="Komen Iowa", slug="komen-iowa", service_states="IA")
    page.logo = make_image()
    page.logo_alt = " "
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "logo_alt" in error.value.message_dict
    page.logo_decorative = True
    page.full_clean()
    page.lead_image = make_image()
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "lead_image_alt" in error.value.message_dict


def test_affiliate_page_shows_logo_and_photo_as_responsive_pictures(
    client, make_affiliate, django_assert_max_num_queries
):
    page = make_affiliate(title="Komen Iowa", slug="komen-iowa", service_states="IA")
    client.get(page.url)
    _, without = count_queries(client.get, page.url)
    with_images(page, lead_image_credit="Photo: Komen Iowa")
    client.get(page.url)
    with django_assert_max_num_queries(without + 2):  # both images, then all their renditions
        html = soup_of(client.get(page.url))
    logo = html.select_one(".affiliate__header picture")
    assert [s["type"] for s in logo.find_all("source")] == ["image/avif", "image/webp"]
    img = logo.find("img")
    assert img["alt"] == "Komen Iowa" and img["src"].endswith(".jpg")
    assert (img["width"], img["height"]) == ("160", "80")
    assert "loading" not in img.attrs or img["loading"] == "eager"
    figure = html.select_one("figure.lead-image")
    photo = figure.find("img")
    assert photo["alt"] == "Volunteers at a walk" and photo["fetchpriority"] == "high"
    assert (photo["width"], photo["height"]) == ("672", "378")
    assert figure.find("figcaption").text == "Photo: Komen Iowa"


def test_decorative_logo_has_empty_alt(client, make_affiliate):
    page = with_images(make_affiliate(slug="komen-iowa", service_states="IA"), logo_decorative=True)
    assert soup_of(client.get(page.url)).select_one(".affiliate__header img")["alt"] == ""


def test_affiliates_without_images_show_none(client, make_affiliate):
    page = make_affiliate(slug="komen-iowa", service_states="IA")
    html = soup_of(client.get(page.url))
    assert html.select_one(".affiliate picture") is None
    assert soup_of(client.get(URL, {"q": "50309"})).select_one(".affiliate-card picture") is None


def test_locator_results_show_lazy_images_in_constant_queries(
    client, make_affiliate, django_assert_max_num_queries
):
    with_images(make_affiliate(title="Iowa", slug="iowa", service_states="IA"))
    client.get(URL, {"q": "50309"})
    _, few = count_queries(client.get, URL, {"q": "50309"})
    for n in range(6):
        with_images(
            make_affiliate(
                title=f"Polk {n}", slug=f"polk-{n}", service_counties="Polk County, IA", zip="50010"
            )
        )
    client.get(URL, {"q": "50309"})
    with django_assert_max_num_queries(few):
        html = soup_of(client.get(URL, {"q": "Des Moines, IA"}))
    cards = html.select("article.affiliate-card")
    assert len(cards) == 7
    for card in cards:
        images = card.select("picture img")
        assert len(images) == 2  # photo and logo
        for img in images:
            # Beside the linked name: decorative; below the search form: lazy.
            assert img["alt"] == "" and img["loading"] == "lazy" and img["width"] and img["height"]


def test_affiliate_pages_never_make_renditions_on_a_visit(client, make_affiliate):
    page = with_images(make_affiliate(slug="komen-iowa", service_states="IA"))
    for image in (page.logo, page.lead_image):
        pregenerate(image)
    before = Rendition.objects.count()
    assert client.get(page.url).status_code == 200
    assert client.get(URL, {"q": "50309"}).status_code == 200
    assert Rendition.objects.count() == before


def test_demo_gives_a_few_affiliates_a_logo_and_photo(home):
    from affiliates.models import AffiliatePage
    from demo import affiliates, images, resources
    from demo.pages import ensure_home

    ensure_home(lambda message: None)
    resources.load(lambda message: None)
    affiliates.load(lambda message: None)
    images.load(lambda message: None)
    iowa = AffiliatePage.objects.get(slug="komen-iowa")
    assert iowa.logo.title == "Demo: Komen Iowa logo" and iowa.logo_alt == "Komen Iowa"
    assert iowa.lead_image_id and iowa.lead_image_decorative
    assert iowa.logo.file.name.endswith(".png")
    assert AffiliatePage.objects.filter(logo__isnull=False).count() == 3
