from wagtail import hooks


@hooks.register("before_serve_page")
def mark_page_for_cache(page, request, serve_args, serve_kwargs):
    # Every page type is cacheable unless it sets `page_cache = False` or lives in an
    # app listed in PAGE_CACHE_EXCLUDED_APPS; the middleware makes the final decision.
    request.page_cache_page = page
