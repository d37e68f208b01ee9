from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from samskap import views
from samskap.accounts.views import set_language
from samskap.api.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("", include("samskap.core.urls")),
    path("konto/", include("samskap.accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("aktorer/", include("samskap.directory.urls")),
    path("aktiviteter/", include("samskap.activities.urls")),
    path("arenaer/", include("samskap.arenas.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
