"""The admin's document form base (WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

from wagtail.documents.forms import BaseDocumentForm

from resources import uploads


class SafeDocumentForm(BaseDocumentForm):
    """Every document upload in the admin (single and multiple) goes through this form
    (WAGTAILDOCS_DOCUMENT_FORM_BASE): only named types, checked by their contents, size-capped."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            uploads.validate_document_file(uploaded)
        return uploaded
