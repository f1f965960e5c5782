"""What a visitor filters the resources library by: made by `resources.forms.ResourceFilterForm`,
applied by `Resource.objects.find` (resources/models/library.py)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Filters:
    query: str = ""
    resource_type: str = ""
    topic: str = ""
    audience: str = ""
    language: str = ""

    @property
    def active(self):
        return any([self.query, self.resource_type, self.topic, self.audience, self.language])
