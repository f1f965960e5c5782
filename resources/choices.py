"""The resources library's choices, shared by its models, filters and forms (no model imports)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceType(models.TextChoices):
    FACT_SHEET = "fact_sheet", _("Fact sheet")
    BOOKLET = "booklet", _("Booklet")
    VIDEO = "video", _("Video")
    WEB_TOOL = "web_tool", _("Web tool")


class Audience(models.TextChoices):
    PATIENTS = "patients", _("People with breast cancer")
    FAMILY = "family", _("Family, friends and caregivers")
    PROFESSIONALS = "professionals", _("Health professionals")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    CHINESE = "zh", _("Chinese")
    VIETNAMESE = "vi", _("Vietnamese")
    KOREAN = "ko", _("Korean")
    TAGALOG = "tl", _("Tagalog")
    ARABIC = "ar", _("Arabic")
