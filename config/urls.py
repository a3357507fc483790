from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("", include("search.urls")),
    path("acteurs/", include("actors.urls")),
    path("", include("resources.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    from config.media import RENDITIONS_FOLDER, serve_rendition

    urlpatterns += staticfiles_urlpatterns()
    # Never all of MEDIA_ROOT: documents go through Wagtail's document view only (issue 10, item 7).
    urlpatterns += [path(f"{settings.MEDIA_URL.lstrip('/')}{RENDITIONS_FOLDER}/<path:path>", serve_rendition)]

urlpatterns += [path("", include(wagtail_urls))]
