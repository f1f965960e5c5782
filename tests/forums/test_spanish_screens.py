"""Member and moderator screens of the boards under /es/ (issue 20): the page, its messages and
its refusals in Spanish, the same screens unchanged in English."""

import datetime as dt

from bs4 import BeautifulSoup
from django.utils import translation

from demo.factories.forums import PostFactory, TopicFactory
from forums import policy, slowmode, topic_actions
from forums.member_models import FieldVisibility, MemberProfile
from forums.member_profile import member_profile_fields
from forums.models import Status


def _text(response):
    return BeautifulSoup(response.content, "html.parser").find("main").get_text(" ", strip=True)


def test_the_moderation_queue_and_an_action_in_spanish(board, moderator, mod_client):
    topic = TopicFactory(board=board, title="Help")
    PostFactory(topic=topic, body="Held words", status=Status.HELD)
    queue = mod_client.get("/es/moderation/")
    assert queue.status_code == 200
    text = _text(queue)
    assert "Cola de moderación" in text
    assert "1 publicación en espera de revisión, 0 reportes abiertos." in text
    assert "Seleccionar para acción en bloque" in text
    done = mod_client.post(f"/es/moderation/topics/{topic.pk}/lock/", {"reason": ""}, follow=True)
    assert done.status_code == 200
    assert "Tema cerrado." in _text(done)
    english = _text(mod_client.get("/moderation/"))
    assert "Moderation queue" in english and "1 post awaiting review, 0 open reports." in english


def test_member_pages_and_refusals_in_spanish(board, member, member_client):
    profile = _text(member_client.get("/es/members/profile/"))
    assert "Su perfil" in profile and "Cambiar su dirección de correo electrónico" in profile
    notifications = _text(member_client.get("/es/members/notifications/"))
    assert "0 notificaciones" in notifications
    topic = TopicFactory(board=board, title="Locked one", is_locked=True)
    with translation.override("es"):
        assert policy.posting_refusal(member.user, board, topic) == (
            "Este tema está cerrado: no admite respuestas nuevas."
        )
    refused = member_client.post(topic.url + "reply/", {"message": "Hello"})  # an English page
    assert refused.status_code == 403
    assert "This topic is locked: it takes no new replies." in refused.content.decode()


def test_slow_mode_and_profile_fields_read_in_spanish(board, moderator, member, other_member):
    topic = TopicFactory(board=board, title="Busy")
    ends = dt.datetime(2031, 3, 4, 18, 30, tzinfo=dt.UTC)
    topic_actions.set_slow_mode(moderator.user, 10, "Calma", ends, topic=topic)
    with translation.override("es"):
        assert slowmode.notice(board, topic) == (
            "Modo lento: una publicación por miembro cada 10 minutos en este tema, "
            "hasta el 4 de marzo de 2031 a las 1:30 p. m. (hora del Este). Motivo: Calma"
        )
    with translation.override("en"):
        assert slowmode.notice(board, topic) == (
            "Slow mode: one post per member every 10 minutes in this topic, "
            "until March 4, 2031 at 1:30 PM ET. Reason: Calma"
        )
    MemberProfile.objects.create(
        member=member,
        diagnosis_type="IDC",
        diagnosis_stage="2",
        diagnosis_year=2024,
        diagnosis_visibility=FieldVisibility.EVERYONE,
    )
    with translation.override("es"):
        assert member_profile_fields(other_member.user, member) == [
            ("Diagnóstico", "IDC, etapa 2, diagnóstico en 2024")
        ]
