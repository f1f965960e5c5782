import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the demo editor account (a Wagtail admin). Uses EDITOR_USERNAME, EDITOR_EMAIL and "
        "EDITOR_PASSWORD when set; otherwise generates a password and prints it once."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        username = os.environ.get("EDITOR_USERNAME", "editor")
        email = os.environ.get("EDITOR_EMAIL", "editor@example.org")
        password = os.environ.get("EDITOR_PASSWORD")
        user = User.objects.filter(username=username).first()
        if user is not None:
            if password:
                user.set_password(password)
                user.save(update_fields=["password"])
                self.stdout.write(f"Editor account '{username}' exists; password set from EDITOR_PASSWORD.")
            else:
                self.stdout.write(
                    f"Editor account '{username}' exists (change its password with "
                    f"`manage.py changepassword {username}`)."
                )
            return
        password = password or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(self.style.SUCCESS("Created the editor account for http://127.0.0.1:8000/admin/"))
        self.stdout.write(f"  username: {username}\n  password: {password}")
