"""Issue 20, member journey: a visitor on a Spanish page joins the boards in Spanish, gets the
verification email in Spanish, confirms, later gets a notification email in Spanish, and finds
"Español" chosen as their email language. axe has nothing to say on the Spanish pages."""

import re

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from demo.factories.forums import PASSWORD, MemberFactory, TopicFactory
from forums import notifications
from forums.models import BoardPage, BoardWatch, ForumIndexPage, Member
from tests.browser.axe import axe_violations, describe
from tests.browser.conftest import watch_csp
from tests.browser.test_journeys import load_demo


def _no_axe_violations(page):
    violations = axe_violations(page)
    assert not violations, describe(page.url, violations)


def test_a_visitor_joins_in_spanish_and_gets_spanish_emails(live_server, new_context, mailoutbox):
    load_demo("demo.forums", "demo.spanish")
    boards_es = ForumIndexPage.objects.get(locale__language_code="es")
    board_es = BoardPage.objects.get(locale__language_code="es", slug="en-espanol")
    base = live_server.url
    visitor = new_context(locale="es-US").new_page()
    csp = watch_csp(visitor)

    visitor.goto(base + boards_es.url)
    expect(visitor.locator("html")).to_have_attribute("lang", "es")
    visitor.get_by_role("link", name="únase a los foros").click()
    expect(visitor).to_have_url(re.compile(r"/es/accounts/signup/"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Únase a los foros")

    visitor.get_by_label("Correo electrónico").fill("lucia@example.org")
    visitor.get_by_label("Contraseña", exact=True).fill("abc")
    visitor.get_by_label("Contraseña (de nuevo)").fill("abc")
    visitor.get_by_label("Nombre público").fill("Lucía")
    visitor.get_by_label("Tengo 18 años o más").check()
    visitor.get_by_label("He leído y acepto las normas de la comunidad").check()
    visitor.get_by_role("button", name="Unirme").click()
    summary = visitor.locator(".error-summary")
    expect(summary.get_by_role("heading")).to_have_text("Hay un problema")
    expect(summary).to_contain_text("La contraseña es demasiado corta")
    expect(summary).to_be_focused()
    expect(visitor.get_by_label("Nombre público")).to_have_value("Lucía")  # nothing typed is lost
    _no_axe_violations(visitor)

    visitor.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    visitor.get_by_label("Contraseña (de nuevo)").fill(PASSWORD)
    visitor.get_by_label("Tengo 18 años o más").check()
    visitor.get_by_label("He leído y acepto las normas de la comunidad").check()
    visitor.get_by_role("button", name="Unirme").click()
    expect(visitor).to_have_url(re.compile(r"/es/accounts/confirm-email/$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Verifique su dirección de correo electrónico"
    )
    _no_axe_violations(visitor)

    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["lucia@example.org"]
    welcome = mailoutbox[0]
    assert welcome.subject == "[Foros de Komen] Bienvenida: confirme su dirección de correo electrónico"
    assert welcome.body.startswith("Hola, Lucía:")
    link = re.search(r"https?://[^/\s]+(/es/accounts/confirm-email/\S+)", welcome.body).group(1)
    visitor.goto(base + link)
    expect(visitor.locator("html")).to_have_attribute("lang", "es")
    visitor.get_by_role("button", name="Confirmar").click()
    expect(visitor.locator(".messages")).to_contain_text("Le damos la bienvenida, Lucía.")
    user = get_user_model().objects.get(email="lucia@example.org")
    assert user.emailaddress_set.get().verified

    # Later, someone posts on a board she watches: the worker writes to her in Spanish.
    BoardWatch.objects.create(user=user, board=board_es)
    topic = TopicFactory(
        board=board_es, author=MemberFactory(display_name="Carmen").user, title="Hola a todas"
    )
    mailoutbox.clear()
    assert notifications.send_for_post(topic.posts.get().pk) == 1
    news = mailoutbox[0]
    assert news.subject == "Nuevo tema en En español: Hola a todas"
    assert news.body.startswith("Hola, Lucía:")
    assert "Carmen inició un nuevo tema en En español: “Hola a todas”." in news.body
    assert re.search(r"/es/members/unsubscribe/\S+", news.body)

    visitor.goto(base + "/es/members/profile/preferences/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Mensajes y correos")
    language = visitor.get_by_role("group", name="Idioma de los correos")
    expect(language.get_by_label("Español")).to_be_checked()
    expect(language.get_by_label("English")).not_to_be_checked()
    _no_axe_violations(visitor)
    assert Member.objects.get(user=user).preferences.email_language == "es"
    assert not csp
