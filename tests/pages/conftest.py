"""Fixtures shared by the pages tests: the Spanish locale, an editor and a medical reviewer."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale

from pages.workflows import REVIEWERS_GROUP, ensure_medical_review_workflow


@pytest.fixture
def spanish(db):
    return Locale.objects.get(language_code="es")


@pytest.fixture
def editor(django_user_model, home):
    user = django_user_model.objects.create_user("ed", password="x" * 12)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def reviewer_user(django_user_model, home):
    """A member of the medical reviewers' group, with the review workflow in place."""
    ensure_medical_review_workflow()
    user = django_user_model.objects.create_user("doc", password="x" * 12)
    user.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    return user
