from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from affiliates import views as affiliates_views
from forums import account_views as forum_accounts
from komensite import feedback_views, views
from komensite.sitemaps import MultilingualSitemap

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": MultilingualSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("health/", views.health, name="health"),
]

# What a visitor reads: English at today's URLs, Spanish under /es/ (issue 20).
localized_urlpatterns = [
    path("search/", views.search, name="search"),
    path("site-menu/", views.site_menu, name="site_menu"),
    path("pattern-library/", views.pattern_library, name="pattern_library"),
    path("accounts/signup/", forum_accounts.signup, name="account_signup"),
    path("accounts/login/", forum_accounts.login, name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("members/", include("forums.urls")),
    path("moderation/tools/", include("forums.modtools_urls")),
    path("moderation/", include("forums.moderation_urls")),
    path("appeals/", include("forums.appeal_urls")),
    path("feedback/<int:page_id>/", feedback_views.page_feedback, name="page_feedback"),
    path("feedback/<int:page_id>/thanks/", feedback_views.page_feedback_thanks, name="page_feedback_thanks"),
    path("api/affiliates/locate", affiliates_views.locate, name="affiliates_locate"),
]

if settings.BENCH_ENDPOINTS:
    urlpatterns += [path("bench/", include("bench.urls"))]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.SERVE_MEDIA:
    # `make serve` only: production keeps media on S3 or behind the web server.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", views.local_media, name="local_media"),
    ]

urlpatterns += i18n_patterns(
    *localized_urlpatterns, path("", include(wagtail_urls)), prefix_default_language=False
)

handler404 = "komensite.views.page_not_found"
handler500 = "komensite.views.server_error"
# django-allauth answers its rate limits through this (allauth.core.ratelimit.respond_429).
handler429 = "forums.account_views.too_many_requests"
