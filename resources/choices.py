"""The resources library's choices, shared by its models, filters and forms (no model imports)."""

from django.db import models


class ResourceType(models.TextChoices):
    FACT_SHEET = "fact_sheet", "Fact sheet"
    BOOKLET = "booklet", "Booklet"
    VIDEO = "video", "Video"
    WEB_TOOL = "web_tool", "Web tool"


class Audience(models.TextChoices):
    PATIENTS = "patients", "People with breast cancer"
    FAMILY = "family", "Family, friends and caregivers"
    PROFESSIONALS = "professionals", "Health professionals"


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"
    CHINESE = "zh", "Chinese"
    VIETNAMESE = "vi", "Vietnamese"
    KOREAN = "ko", "Korean"
    TAGALOG = "tl", "Tagalog"
    ARABIC = "ar", "Arabic"
