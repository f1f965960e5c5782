from django.db import models


class PageFeedback(models.Model):
    """One anonymous answer to "Was this page helpful?" on a page.

    Nothing identifies the visitor: no user, address or session is stored. Comments are
    deleted after `SiteSettings.feedback_comment_retention_days` (`pages.feedback`); the
    Yes/No answer stays for the counts."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "page feedback"
        verbose_name_plural = "page feedback"
        indexes = [models.Index(fields=["page", "created_at"])]

    def __str__(self):
        return f"{'Yes' if self.helpful else 'No'} on page {self.page_id}"
