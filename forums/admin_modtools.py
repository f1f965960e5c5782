"""Watched words in the Wagtail admin: the list (a snippet), CSV import and export, and a
"test a text" box. Imported by forums/wagtail_hooks.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from forums import audit, watched_words
from forums.forms_modtools import WatchedWordImportForm, WatchedWordTestForm
from forums.modtools_models import WatchedWord


class WatchedWordViewSet(SnippetViewSet):
    model = WatchedWord
    icon = "warning"
    menu_label = "Watched words"
    list_display = ["word", "action", "board", "replacement", "link_url"]
    list_filter = ["action", "board"]
    search_fields = ["word", "replacement"]
    ordering = ["word"]
    exclude_form_fields = ["created_at"]  # set by the site, not typed by editors


register_snippet(WatchedWordViewSet)


def _require(request, action):
    if not request.user.has_perm(f"forums.{action}_watchedword"):
        raise PermissionDenied


def test_view(request):
    _require(request, "view")
    form = WatchedWordTestForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = watched_words.test_text(form.cleaned_data["text"], form.cleaned_data["board"])
    return TemplateResponse(
        request,
        "forums/admin/watched_words_tools.html",
        {"test_form": form, "result": result, "import_form": WatchedWordImportForm()},
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )


def export_view(request):
    _require(request, "view")
    response = HttpResponse(watched_words.export_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="watched-words.csv"'
    return response


def import_view(request):
    _require(request, "add")
    _require(request, "change")
    form = WatchedWordImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            # The entries and their log row are written together, or neither is.
            with transaction.atomic():
                created, updated = watched_words.import_csv(upload.read())
                audit.log_watched_words_import(request.user, upload.name, created, updated)
        except watched_words.CSVRefused as refused:
            errors = refused.errors
        else:
            messages.success(request, f"Imported: {created} new, {updated} updated.")
            return redirect("forums_watched_words_tools")
    return TemplateResponse(
        request,
        "forums/admin/watched_words_tools.html",
        {"test_form": WatchedWordTestForm(), "import_form": form, "import_errors": errors},
        status=400 if request.method == "POST" else 200,
    )


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("watched-words/tools/", test_view, name="forums_watched_words_tools"),
        path("watched-words/export.csv", export_view, name="forums_watched_words_export"),
        path("watched-words/import/", import_view, name="forums_watched_words_import"),
    ]


class ToolsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("forums.view_watchedword")


@hooks.register("register_settings_menu_item")
def register_menu_item():
    return ToolsMenuItem(
        "Watched words: test, import, export",
        reverse("forums_watched_words_tools"),
        icon_name="warning",
        order=900,
    )
