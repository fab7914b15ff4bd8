from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from events.views.payments import stripe_webhook
from opendata.api import api as open_data_api

from .health import healthz

# Machine and back-office addresses: one address whatever the language (integrations, Stripe and
# load balancers call them; the admins choose their language in their Wagtail profile).
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", open_data_api.urls),
    path("payments/stripe/webhook/", stripe_webhook, name="stripe_webhook"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# What people read: English at the addresses it always had (subscribers and links depend on them),
# French under /fr/. The URL alone decides the language of a page (LocaleMiddleware).
urlpatterns += i18n_patterns(
    path("", include("accounts.urls")),
    path("", include("privacy.urls")),
    path("accounts/", include("allauth.urls")),
    path("calendar/", include("events.feeds.urls")),
    path("hack/", include("teams.urls")),
    path("", include("calendars.urls")),
    path("", include("opendata.urls")),
    path("", include("events.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
