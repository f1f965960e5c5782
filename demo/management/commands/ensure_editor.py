import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

from pages.models import Reviewer
from pages.workflows import REVIEWERS_GROUP, ensure_medical_review_workflow

EDITORS_GROUP = "Editors"  # Wagtail's own group: add and edit pages, no publishing
# affiliates/migrations: may import (and so publish) affiliates from a CSV file in the admin.
AFFILIATE_EDITORS_GROUP = "Affiliate editors"
# Editors cite sources and tag topics while writing, so they manage those snippets too.
EDITOR_SNIPPET_PERMISSIONS = [
    ("pages", codename)
    for model in ("source", "healthtopic")
    for codename in (f"add_{model}", f"change_{model}", f"view_{model}")
]

ACCOUNTS = [
    # (role, env prefix, default username, group or None for a superuser, who it is)
    (
        "editor",
        "EDITOR",
        "editor",
        EDITORS_GROUP,
        "writes and submits pages; cannot publish condition articles",
    ),
    (
        "medical reviewer",
        "REVIEWER",
        "reviewer",
        REVIEWERS_GROUP,
        "approves the 'Medical review' task, which publishes",
    ),
    (
        "administrator",
        "ADMIN",
        "admin",
        None,
        "superuser: everything, including publishing without review (logged)",
    ),
]


class Command(BaseCommand):
    help = (
        "Create the demo accounts: an editor (Editors group), a medical reviewer (Medical reviewers "
        "group) and a separate administrator (superuser). Uses <ROLE>_USERNAME, <ROLE>_EMAIL and "
        "<ROLE>_PASSWORD (ROLE = EDITOR, REVIEWER, ADMIN) when set; otherwise generates passwords "
        "and prints each once."
    )

    def handle(self, *args, **options):
        ensure_medical_review_workflow()
        editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
        for app_label, codename in EDITOR_SNIPPET_PERMISSIONS:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission:
                editors.permissions.add(permission)
        created_any = False
        for role, prefix, default_username, group_name, description in ACCOUNTS:
            created_any |= self.ensure_account(role, prefix, default_username, group_name, description)
        if created_any:
            self.stdout.write("Log in at http://127.0.0.1:8000/admin/")

    def ensure_account(self, role, prefix, default_username, group_name, description):
        User = get_user_model()
        username = os.environ.get(f"{prefix}_USERNAME", default_username)
        email = os.environ.get(f"{prefix}_EMAIL", f"{username}@example.org")
        password = os.environ.get(f"{prefix}_PASSWORD")
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            generated = password or secrets.token_urlsafe(12)
            user = User(username=username, email=email)
            user.set_password(generated)
        elif password:
            user.set_password(password)
        # Earlier versions made the editor a superuser, which could skip the review: put it right.
        user.is_superuser = user.is_staff = group_name is None
        user.save()
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        if group_name == EDITORS_GROUP:
            user.groups.add(Group.objects.get_or_create(name=AFFILIATE_EDITORS_GROUP)[0])
        if group_name == REVIEWERS_GROUP:
            # Approvals by this account name a reviewer on the article, as a real reviewer's would.
            Reviewer.objects.get_or_create(
                user=user,
                defaults={"name": "Dr. Demo Reviewer", "credentials": "MD, medical oncologist (demo)"},
            )
        if created:
            self.stdout.write(self.style.SUCCESS(f"Created the {role} account ({description})"))
            self.stdout.write(f"  username: {username}\n  password: {generated}")
        elif password:
            self.stdout.write(f"The {role} account '{username}' exists; password set from {prefix}_PASSWORD.")
        else:
            self.stdout.write(
                f"The {role} account '{username}' exists ({description}; change its password with "
                f"`manage.py changepassword {username}`)."
            )
        return created
