"""Production settings with the demo app added by mistake: Django must refuse to start."""

from komensite.settings.production import *  # noqa: F403
from komensite.settings.production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
