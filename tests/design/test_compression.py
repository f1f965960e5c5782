"""HTML is compressed only when it is public (no CSRF token, no cookie, nobody signed in)."""

import gzip

from django.contrib.auth import get_user_model

from tests.factories import StandardPageFactory

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_public_pages_are_gzipped_and_say_so_in_vary(client, site):
    page = StandardPageFactory(parent=site.root_page, title="About us", intro="x " * 400)
    plain = client.get(page.url)
    assert "Content-Encoding" not in plain
    response = client.get(page.url, **GZIP)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content) == plain.content
    assert len(response.content) < len(plain.content) / 2


def test_responses_with_a_csrf_token_are_not_compressed(client, site):
    response = client.get("/accounts/login/", **GZIP)
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response


def test_signed_in_visitors_get_uncompressed_pages(client, site):
    page = StandardPageFactory(parent=site.root_page, title="About us", intro="x " * 400)
    user = get_user_model().objects.create_user("reader", "reader@example.org", "a-long-password-1")
    client.force_login(user)
    response = client.get(page.url, **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response


def test_search_results_which_reflect_the_query_are_not_compressed(client, site):
    response = client.get("/search/", {"q": "breast"}, **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
