"""The site's URLs: the editors' admin and the reader site, its sitemap and robots.txt.

404 and 500 pages are the templates ``404.html`` and ``500.html``; a database error outside a view gives the
503 page (``newsroom.middleware.server_error``). The admin login is throttled by django-axes (``newsroom.auth``).
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponseRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path

from articles.sitemaps import SITEMAPS
from articles.views import robots_txt
from newsroom.auth import ThrottledAdminAuthenticationForm

admin.autodiscover()  # INSTALLED_APPS has SimpleAdminConfig: commands start without the admin
admin.site.site_header = f"{settings.SITE_NAME} · 采编后台"
admin.site.site_title = f"{settings.SITE_NAME}采编后台"
admin.site.index_title = "内容管理"
admin.site.login_form = ThrottledAdminAuthenticationForm

handler500 = "newsroom.middleware.server_error"


def favicon(request):
    """/favicon.ico, which browsers ask for without reading the page: the static file (hashed in production)."""
    return HttpResponseRedirect(static_url("favicon.ico"))


urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    path("", include("people.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
