"""Emails in the member's chosen language (issue 20): a preference defaulting to the language
they signed up in, and every email family rendered in it, subjects and links included, whatever
language the sender (a moderator's page, the task worker) happens to be in."""

import datetime as dt
import re

from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from django.utils import translation

from demo.factories.forums import MemberFactory, PostFactory, TopicFactory
from forums import actions, appeals, crisis, crisis_outreach, messages, notifications, notifications_center
from forums.email_preferences import email_language
from forums.member_models import Frequency, MemberPreferences, Notification
from forums.models import BoardWatch, Member, TopicWatch
from forums.modtools_models import ModerationSettings
from tests.forums.conftest import reauthenticate
from tests.forums.test_journey import signup_data


def _speaks(member, language):
    preferences, _ = MemberPreferences.objects.get_or_create(member=member)
    preferences.email_language = language
    preferences.save()
    return member


def _link(body, path):
    return re.search(r"http://[^/\s]+(" + path + r"\S*)", body).group(1)


def test_signing_up_in_spanish_keeps_spanish_and_sends_a_spanish_verification(client, board):
    response = client.post("/es/accounts/signup/", signup_data(display_name="Robin"))
    assert response.status_code == 302
    assert response["Location"].startswith("/es/accounts/confirm-email/")  # the flow stays in Spanish
    member = Member.objects.get(display_name="Robin")
    assert member.preferences.email_language == "es"
    message = mail.outbox[-1]
    assert message.subject == "[Foros de Komen] Bienvenida: confirme su dirección de correo electrónico"
    assert message.body.startswith("Hola, Robin:")
    assert "Antes de publicar, confirme que esta es su dirección de correo electrónico" in message.body
    link = _link(message.body, "/es/accounts/confirm-email/")
    confirmed = client.post(link, follow=True)
    assert "_auth_user_id" in client.session
    assert "Le damos la bienvenida, Robin." in confirmed.content.decode()
    assert confirmed.redirect_chain[-1][0].startswith("/es/")


def test_signing_up_in_english_defaults_to_english(client, board):
    client.post("/accounts/signup/", signup_data(display_name="Robin"))
    assert Member.objects.get(display_name="Robin").preferences.email_language == "en"
    assert mail.outbox[-1].body.startswith("Hello Robin,")
    assert "/accounts/confirm-email/" in mail.outbox[-1].body and "/es/" not in mail.outbox[-1].body


def test_spanish_signup_form_errors_are_in_spanish(client, board):
    response = client.post("/es/accounts/signup/", signup_data(password1="abc", password2="abc", is_adult=""))
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert html.html["lang"] == "es"
    text = html.find("main").get_text(" ", strip=True)
    assert "Únase a los foros" in text
    assert "Debe tener 18 años o más para unirse a los foros." in text
    assert "La contraseña es demasiado corta" in text  # Django's own validators, in Spanish
    assert html.find("label", string="Nombre público")
    assert not Member.objects.exists()


def test_preferences_page_offers_the_email_language_and_saves_it(client, member):
    client.force_login(member.user)
    page = BeautifulSoup(client.get("/members/profile/preferences/").content, "html.parser")
    legend = page.find("legend", string="Email language")
    choices = legend.find_parent("fieldset").find_all("input", attrs={"name": "email_language"})
    assert {c["value"]: c.has_attr("checked") for c in choices} == {"en": True, "es": False}
    saved = client.post(
        "/members/profile/preferences/", {"email_frequency": "immediate", "email_language": "es"}
    )
    assert saved.status_code == 302
    assert MemberPreferences.objects.get(member=member).email_language == "es"
    spanish = BeautifulSoup(client.get("/es/members/profile/preferences/").content, "html.parser")
    fieldset = spanish.find("legend", string="Idioma de los correos").find_parent("fieldset")
    assert fieldset.find("input", attrs={"value": "es"}).has_attr("checked")
    assert fieldset.find("label", string="Español")
    bad = client.post(
        "/members/profile/preferences/", {"email_frequency": "immediate", "email_language": "fr"}
    )
    assert bad.status_code == 400
    assert MemberPreferences.objects.get(member=member).email_language == "es"


def test_account_emails_follow_the_member_not_the_page(client, member):
    _speaks(member, "es")
    client.post("/accounts/password/reset/", {"email": member.user.email})  # an English page
    message = mail.outbox[-1]
    assert message.subject == "[Foros de Komen] Restablezca su contraseña"
    assert message.body.startswith(f"Hola, {member.display_name}:")
    assert _link(message.body, "/es/accounts/password/reset/key/")
    client.force_login(member.user)
    reauthenticate(client)
    client.post("/accounts/email/", {"action_add": "", "email": "maple.nuevo@example.org"})
    confirm = mail.outbox[-1]
    assert confirm.subject == "[Foros de Komen] Confirme su dirección de correo electrónico"
    client.post(_link(confirm.body, "/es/accounts/confirm-email/"))
    changed = mail.outbox[-1]
    assert changed.subject == "[Foros de Komen] Su dirección de correo electrónico cambió"
    assert "Dirección IP:" in changed.body


def test_new_post_emails_are_rendered_per_watcher_by_the_worker(board, member, other_member):
    spanish = _speaks(MemberFactory(display_name="Lucia"), "es")
    topic = TopicFactory(board=board, author=other_member.user, title="Scan day")
    TopicWatch.objects.create(user=spanish.user, topic=topic)
    TopicWatch.objects.create(user=member.user, topic=topic)
    post = PostFactory(topic=topic, author=other_member.user, body="Thinking of you")
    mail.outbox.clear()
    with translation.override("en"):  # whatever the worker's language, the watcher decides
        assert notifications.send_for_post(post.pk) == 2
    to_lucia = next(m for m in mail.outbox if m.to == [spanish.user.email])
    assert to_lucia.subject == "Nueva respuesta en “Scan day”"
    assert to_lucia.body.startswith("Hola, Lucia:")
    assert "River respondió a “Scan day” en Newly Diagnosed." in to_lucia.body
    unsubscribe = _link(to_lucia.body, "/es/members/unsubscribe/")
    assert to_lucia.extra_headers["List-Unsubscribe"].endswith(unsubscribe + ">")
    page = Client().get(unsubscribe)
    assert page.status_code == 200 and "¿Dejar de recibir estos correos?" in page.content.decode()
    to_maple = next(m for m in mail.outbox if m.to == [member.user.email])
    assert to_maple.subject == "New reply in “Scan day”" and "/es/" not in to_maple.body


def test_digest_in_the_members_language(board, member, other_member):
    _speaks(member, "es")
    MemberPreferences.objects.filter(member=member).update(email_frequency=Frequency.DAILY)
    BoardWatch.objects.create(user=member.user, board=board)
    topic = TopicFactory(board=board, author=other_member.user, title="Radiation tips")
    mail.outbox.clear()
    with translation.override("en"):
        notifications_center.send_digest_email(member.user.pk, Frequency.DAILY, [topic.posts.first().pk])
    digest = mail.outbox[-1]
    assert digest.subject == "Su resumen diario de los foros: 1 publicación nueva"
    assert "Este es su resumen diario de los foros." in digest.body
    assert "Nuevo tema: Radiation tips, de River" in digest.body
    unsubscribe = _link(digest.body, "/es/members/unsubscribe/digest/")
    assert digest.extra_headers["List-Unsubscribe"].endswith(unsubscribe + ">")
    assert "/es/members/profile/" in digest.body


def test_moderation_emails_and_notifications_in_the_authors_language(
    board, moderator, member, django_capture_on_commit_callbacks
):
    _speaks(member, "es")
    TopicFactory(board=board, author=member.user)  # moderators act on members of their boards
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        actions.warn(moderator.user, member, board, "Please be kind")
        actions.suspend(
            moderator.user, member, board, dt.datetime(2031, 3, 4, 18, 30, tzinfo=dt.UTC), "A short break"
        )
    warning, suspended = mail.outbox[-2:]
    assert warning.subject == "Un mensaje de los moderadores"
    assert warning.body.startswith(f"Hola, {member.display_name}:")
    assert "Un moderador de Newly Diagnosed le envió este mensaje" in warning.body
    assert suspended.subject == "Se suspendió su participación en los foros"
    assert "suspendida hasta el 4 de marzo de 2031 a las 1:30 p. m. (hora del Este)." in suspended.body
    assert "/es/appeals/suspension/" in suspended.body
    notes = list(Notification.objects.filter(user=member.user).values_list("text", flat=True))
    assert "Un mensaje de los moderadores" in notes


def test_rejection_with_appeal_link_and_appeal_answer_in_spanish(
    board, moderator, lead, member, django_capture_on_commit_callbacks
):
    _speaks(member, "es")
    topic = TopicFactory(board=board, author=member.user, title="My first post")
    post = topic.posts.first()
    type(post).objects.filter(pk=post.pk).update(status="held")
    post.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        actions.reject(moderator.user, post, "Personal details")
    rejected = mail.outbox[-1]
    assert rejected.subject == "Su publicación no se publicó"
    assert "Motivo: Personal details" in rejected.body
    assert f"/es/appeals/posts/{post.pk}/" in rejected.body
    post.refresh_from_db()
    appeal = appeals.appeal_post(member.user, post, "It was my own name")
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        appeals.decide(lead.user, appeal, grant=False, response="We keep it")
    answer = mail.outbox[-1]
    assert answer.subject == "Su apelación: la respuesta de los moderadores principales"
    assert "Mantuvimos la decisión." in answer.body


def test_crisis_outreach_to_the_member_in_spanish(
    board, moderator, member, django_capture_on_commit_callbacks
):
    _speaks(member, "es")
    topic = TopicFactory(board=board, author=member.user, title="Hard night")
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        crisis_outreach.reach_out(moderator.user, topic.posts.first(), "We are here for you.")
    email = mail.outbox[-1]
    assert email.subject == "Un mensaje de los moderadores de los foros de Komen"
    assert "Enviado en privado por un moderador voluntario de los foros de Komen" in email.body


def test_reply_and_message_notifications_in_the_recipients_language(board, member, other_member):
    _speaks(member, "es")
    topic = TopicFactory(board=board, author=member.user, title="Hair loss")
    with translation.override("en"):
        reply = PostFactory(topic=topic, author=other_member.user, body="Scarves help")
        notifications_center.on_post_visible(reply)
        conversation = messages.start_conversation(other_member.user, [member.user], "Hello", "How are you?")
    texts = set(Notification.objects.filter(user=member.user).values_list("text", flat=True))
    assert "River respondió a su tema “Hair loss”" in texts
    assert "River le envió un mensaje: “Hello”" in texts
    assert conversation is not None


def test_an_unknown_stored_language_falls_back_to_english(member):
    MemberPreferences.objects.create(member=member, email_language="fr")
    assert email_language(member.user) == "en"
    assert email_language(None, fallback="es") == "es"
    assert email_language(MemberFactory().user) == "en"  # no preferences row yet


def test_allauth_pages_answer_in_spanish_under_es(client, member):
    login = BeautifulSoup(client.get("/es/accounts/login/").content, "html.parser")
    assert login.html["lang"] == "es"
    assert login.find("h1").get_text(strip=True) == "Iniciar sesión"
    assert login.find("a", string="¿Olvidó su contraseña?")["href"] == "/es/accounts/password/reset/"
    assert login.find("a", string="Únase a los foros")["href"].startswith("/es/accounts/signup/")
    reset = BeautifulSoup(client.get("/es/accounts/password/reset/").content, "html.parser")
    assert reset.html["lang"] == "es"
    assert "Restablecer Contraseña" in reset.find("title").get_text()
    assert reset.find("button", string=re.compile("Restablecer mi contraseña"))
    client.force_login(member.user)
    profile = BeautifulSoup(client.get("/es/members/profile/").content, "html.parser")
    assert profile.find("a", string="Cambiar su contraseña")["href"] == "/es/accounts/password/change/"
    change = BeautifulSoup(client.get("/es/accounts/password/change/").content, "html.parser")
    assert "Cambiar la contraseña" in change.find("title").get_text()


def test_crisis_alerts_and_escalations_reach_each_moderator_in_their_language(
    board, moderator, lead, member, site, django_capture_on_commit_callbacks
):
    _speaks(moderator, "es")
    config = ModerationSettings.for_site(site)
    config.crisis_staff_email = "oncall@komen.example"
    config.save()
    post = PostFactory(topic=TopicFactory(board=board, title="Tonight"), author=member.user, body="So tired")
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        case = crisis.open_case(post)
    to_moderator = next(m for m in mail.outbox if m.to == [moderator.user.email])
    assert to_moderator.subject == "URGENTE: alguien puede estar en riesgo en Newly Diagnosed"
    assert "Atienda el caso y comuníquese ahora:" in to_moderator.body
    assert f"/es/moderation/tools/crisis/{case.pk}/" in to_moderator.body
    to_lead = next(m for m in mail.outbox if m.to == [lead.user.email])
    assert to_lead.subject == "URGENT: someone may be at risk on Newly Diagnosed"
    assert "/es/moderation/" not in to_lead.body

    _speaks(lead, "es")
    mail.outbox.clear()
    with translation.override("en"):
        assert crisis.send_escalation(case.pk, 1, waited=15) == 2
    sent = {m.to[0]: m for m in mail.outbox}
    spanish = sent[lead.user.email]
    assert spanish.subject == "URGENTE, todavía sin atender: alguien puede estar en riesgo en Newly Diagnosed"
    assert "después de 15 minutos (aviso 1)" in spanish.body and "(hora del Este)" in spanish.body
    staff = sent["oncall@komen.example"]  # an address with no member: the site's language
    assert staff.subject == "URGENT, not yet acknowledged: someone may be at risk on Newly Diagnosed"
    assert "after 15 minutes (escalation 1)" in staff.body and " ET" in staff.body
