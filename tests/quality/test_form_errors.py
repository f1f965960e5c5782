"""The shared error summary include, rendered on the server (its browser behaviour is in
tests/browser/test_error_summary.py)."""

from bs4 import BeautifulSoup
from django import forms
from django.template.loader import render_to_string


class ExampleForm(forms.Form):
    name = forms.CharField(label="Your name")
    topic = forms.ChoiceField(label="Topic", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Something about the whole form.")


def test_summary_links_each_error_to_its_field():
    form = ExampleForm(data={"name": "", "topic": "", "token": ""})
    assert not form.is_valid()
    html = BeautifulSoup(render_to_string("includes/form_errors.html", {"form": form}), "html.parser")
    summary = html.find(attrs={"data-error-summary": True})
    assert summary["tabindex"] == "-1"
    assert summary.find("h2").text == "There is a problem"
    assert [a["href"] for a in summary.find_all("a")] == ["#id_name", "#id_topic_0"]
    items = [li.get_text(strip=True) for li in summary.find_all("li")]
    assert "Something about the whole form." in items
    assert len(items) == 4  # form error, two linked field errors, the hidden field's error unlinked
    assert html.find("script", src="/static/js/error-summary.js")["defer"] is not None


def test_nothing_is_rendered_without_errors():
    assert render_to_string("includes/form_errors.html", {"form": ExampleForm()}).strip() == ""
