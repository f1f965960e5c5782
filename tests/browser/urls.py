"""Test-only URLs: the site's own URLs plus a sample form that uses the shared error summary,
so its behaviour can be checked in a browser before any feature form exists."""

from django import forms
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_http_methods

from komensite import urls as site_urls

SAMPLE_TEMPLATE = """{% extends "base.html" %}
{% block title %}Sample form{% endblock %}
{% block content %}
<h1>Contact us</h1>
{% if sent %}<p role="status">Thank you, {{ name }}.</p>{% endif %}
{% include "includes/form_errors.html" with form=form %}
<form method="post" novalidate>
  {% csrf_token %}
  {{ form.as_div }}
  <button type="submit">Send</button>
</form>
{% endblock %}"""


class SampleForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=100)
    email = forms.EmailField(label="Email address")
    topic = forms.ChoiceField(
        label="What is it about?",
        choices=[("support", "Support"), ("donations", "Donations")],
        widget=forms.RadioSelect,
    )


@require_http_methods(["GET", "POST"])
def sample_form(request):
    form = SampleForm(request.POST or None)
    sent = request.method == "POST" and form.is_valid()
    template = engines["django"].from_string(SAMPLE_TEMPLATE)
    context = {"form": form, "sent": sent, "name": form.cleaned_data.get("name") if sent else ""}
    return HttpResponse(template.render(context, request))


# The site's patterns are spliced in, not included: Django only honours i18n_patterns (the
# /es/ prefix, issue 20) in the root URLconf.
urlpatterns = [path("__tests__/form/", sample_form), *site_urls.urlpatterns]

handler404 = "komensite.views.page_not_found"
handler500 = "komensite.views.server_error"
