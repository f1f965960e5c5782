from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Message boards"

    def ready(self):
        # Models and the policy that uses them load only once the app registry is ready.
        from forums.policy import ensure_lead_moderators_group

        post_migrate.connect(
            ensure_lead_moderators_group, sender=self, dispatch_uid="forums_lead_moderators_group"
        )
