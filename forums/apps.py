from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Message boards"

    def ready(self):
        # Connects the receivers that keep each post's reaction counts (forums.reactions).
        from forums import reactions  # noqa: F401
