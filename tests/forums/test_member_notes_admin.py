"""Moderators' notes about a member can be found in the Wagtail admin (read-only), so staff can
answer a right-of-access request with the "notes about you" (docs/moderation.md)."""

from django.test import Client

from forums.modtools_models import MemberNote


def test_staff_find_notes_about_a_member_read_only(member, other_member, moderator, admin_user):
    MemberNote.objects.create(
        member=member, author=moderator.user, author_name="ModAlex", text="Asked to calm <b>down</b>"
    )
    MemberNote.objects.create(
        member=other_member, author=moderator.user, author_name="ModAlex", text="Someone else"
    )
    client = Client()
    client.force_login(admin_user)
    index = client.get("/admin/forum_member_notes/", {"q": member.display_name})
    assert index.status_code == 200
    page = index.content.decode()
    assert "Asked to calm &lt;b&gt;down&lt;/b&gt;" in page  # escaped
    assert "Someone else" not in page
    note = MemberNote.objects.get(member=member)
    assert client.get(f"/admin/forum_member_notes/inspect/{note.pk}/").status_code == 200
    for url in ("/admin/forum_member_notes/new/", f"/admin/forum_member_notes/edit/{note.pk}/"):
        assert client.get(url).status_code in (302, 403), url
    assert client.post(f"/admin/forum_member_notes/delete/{note.pk}/").status_code in (302, 403)
    assert MemberNote.objects.filter(pk=note.pk).exists()


def test_members_and_moderators_cannot_open_the_notes_admin(member, moderator):
    MemberNote.objects.create(
        member=member, author=moderator.user, author_name="ModAlex", text="Asked to wait"
    )
    for user in (member.user, moderator.user):
        client = Client()
        client.force_login(user)
        response = client.get("/admin/forum_member_notes/")
        assert response.status_code in (302, 403)
        assert "Asked to wait" not in response.content.decode()
