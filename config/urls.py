from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from api.router import api_router
from core import login_throttle
from core.media import media_urlpatterns
from home.views import site_map
from resources.sitemaps import cached_sitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's password forms of collections and pages, counted by the login throttling (core/login_throttle.py)
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        login_throttle.document_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        login_throttle.page_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("alerts.urls")),
    path("", include("registrations.urls")),
    path("sitemap.xml", cached_sitemap, name="sitemap"),  # cached under a digest of the public set
    path("plan-du-site/", site_map, name="site_map"),
    path("", include("search.urls")),
    path(
        "api/v2/", api_router.urls
    ),  # Wagtail's API, outside the "api" namespace its URL names expect
    path("api/", include("api.urls")),
    path("acteurs/", include("actors.urls")),
    path("", include("resources.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# In every mode, /media/ serves image renditions and nothing else: documents go through Wagtail's document view.
urlpatterns += media_urlpatterns()

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "core.views.not_found"
