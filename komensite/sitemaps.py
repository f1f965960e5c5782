"""sitemap.xml over every language's page tree, each URL with its hreflang alternates (issue 20)."""

from collections import defaultdict

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class MultilingualSitemap(Sitemap):
    """Wagtail's sitemap walks only the site's root (the English tree); the Spanish tree is
    that root's translation, a sibling. List both, and give each page its live translations
    as `<xhtml:link rel="alternate" hreflang>`."""

    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key)
        in_any_tree = Q()
        for tree in roots:
            in_any_tree |= Q(path__startswith=tree.path)
        pages = list(
            Page.objects.filter(in_any_tree)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .select_related("locale")
            .specific()
        )
        self._translations = defaultdict(list)
        for page in pages:
            self._translations[page.translation_key].append(page)
        return pages

    def _urls(self, page, protocol, domain):
        urls = []
        last_mods = set()
        for item in self.paginator.page(page).object_list:
            translations = self._translations.get(item.translation_key, [])
            alternates = (
                [
                    {"lang_code": other.locale.language_code, "location": other.get_full_url(self.request)}
                    for other in translations
                ]
                if len(translations) > 1
                else []
            )
            for url_info in item.get_sitemap_urls(self.request):
                urls.append({**url_info, "alternates": alternates})
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
