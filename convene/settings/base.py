"""Settings shared by every environment. Secrets and URLs come only from the environment."""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from .env import env_bool, env_int, env_list, env_str, with_display_name

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "guards",
    "accounts",
    "privacy",
    "events",
    "teams",
    "social",
    "calendars",
    "cms",
    "opendata",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.github",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "guards.headers.ConveneCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads cookies, the path, the query or the form: refuses NUL and control characters.
    "guards.middleware.RejectControlCharactersMiddleware",
    # CORS, ETag/Last-Modified/304 and the licence link for /api/ and /open-data/ (no session needed).
    "opendata.middleware.OpenDataMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "convene.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "convene.wsgi.application"

# Embedded default: SQLite. DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Seat locking on SQLite relies on BEGIN IMMEDIATE serialising writers;
    # the timeout lets concurrent writers wait instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    # A lock we wait on longer than this is reported (503 for webhooks) rather than hanging.
    DATABASES["default"]["OPTIONS"].setdefault("options", f"-c lock_timeout={env_int('DB_LOCK_TIMEOUT_MS', 5000)}")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "convene"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "en"
# Each language named in itself (what a reader looks for in a switcher), so these are not translated.
LANGUAGES = [("en", "English"), ("fr", "Français")]
# Django's own |date and number formats in French as Canada writes them (convene/formats/fr/).
FORMAT_MODULE_PATH = ["convene.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/Toronto")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Every link the site builds (feeds, emails, judge invitations, posts) starts with SITE_URL. Without
# one, it is the local server `make run` starts: PORT=8101 make run gives links on port 8101.
_LOCAL_PORT = env_str("PORT", "8000")
SITE_URL = env_str(
    "SITE_URL", f"http://127.0.0.1:{_LOCAL_PORT if _LOCAL_PORT.isascii() and _LOCAL_PORT.isdigit() else '8000'}"
).rstrip("/")
SITE_NAME = env_str("SITE_NAME", "Convene")

# Email
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Mail comes from the site's name: a bare DEFAULT_FROM_EMAIL address gets SITE_NAME as its display name.
DEFAULT_FROM_EMAIL = with_display_name(env_str("DEFAULT_FROM_EMAIL", "noreply@convene.local"), SITE_NAME)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = SITE_URL
# One page tree: a French page is a view of the same page (same event, dates, seats, feed UIDs), served
# under /fr/ by convene/urls.py; the text fields carry both languages.
WAGTAIL_I18N_ENABLED = False
# The admin speaks the site's languages (a page link built in the admin uses the admin's language).
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
TAGGIT_CASE_INSENSITIVE = True

# allauth: email is the login; verified addresses; login by one-time code; rate limits on.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "request_login_code": "20/m/ip,3/m/key",
}
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
LOGIN_REDIRECT_URL = "/"
# A URL name, reversed in the language of the page that asks someone to log in (/fr/accounts/login/).
LOGIN_URL = "account_login"

GITHUB_CLIENT_ID = env_str("GITHUB_CLIENT_ID")
GITHUB_SECRET = env_str("GITHUB_SECRET")
SOCIALACCOUNT_PROVIDERS = {}
if GITHUB_CLIENT_ID and GITHUB_SECRET:
    SOCIALACCOUNT_PROVIDERS["github"] = {
        "APPS": [{"client_id": GITHUB_CLIENT_ID, "secret": GITHUB_SECRET, "key": ""}],
        "SCOPE": ["user:email"],
    }

# Events
CONVENE_DEFAULT_TIMEZONE = "America/Toronto"
CONVENE_OCCURRENCE_WEEKS_AHEAD = env_int("CONVENE_OCCURRENCE_WEEKS_AHEAD", 26)
CONVENE_EVENTS_PER_PAGE = 20

# Open data (/api/v1/ and /open-data/): the licence named in the API and in the bulk files.
CONVENE_OPEN_DATA_LICENSE_NAME = env_str("CONVENE_OPEN_DATA_LICENSE_NAME", "CC BY 4.0")
CONVENE_OPEN_DATA_LICENSE_URL = env_str("CONVENE_OPEN_DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/")
CONVENE_OPEN_DATA_PUBLISHER = env_str("CONVENE_OPEN_DATA_PUBLISHER", "Convene")
CONVENE_OPEN_DATA_UPDATE_FREQUENCY = env_str(
    "CONVENE_OPEN_DATA_UPDATE_FREQUENCY", "Continuous: every request is answered from the live site."
)
CONVENE_API_PREFIX = "/api/v1/"
CONVENE_OPEN_DATA_DOWNLOAD_PREFIX = "/open-data/"
# Requests per client address and window for the API and the bulk downloads ("" for no limit).
CONVENE_API_RATE_LIMIT = env_str("CONVENE_API_RATE_LIMIT", "120/minute")
# How many reverse proxies in front of the site append to X-Forwarded-For (0: use the connecting address).
CONVENE_TRUSTED_PROXIES = env_int("CONVENE_TRUSTED_PROXIES", 0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"private_feed_tokens": {"()": "convene.log_filters.RedactPrivateFeedTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"level": "WARNING", "filters": ["private_feed_tokens"]},
        "django.server": {"level": "INFO", "filters": ["private_feed_tokens"]},
        # How long each date's seat lock was held (bench/registration_burst.py turns this on).
        "events.locks": {"level": "DEBUG" if env_bool("CONVENE_LOG_LOCK_TIMES") else "WARNING"},
    },
}

# Registration and payments
# Answers to organizers' questions (dietary needs, accessibility...) are deleted this many days after
# the date they were given for (`manage.py purge_answers`); attendance stays as counts.
CONVENE_ANSWER_RETENTION_DAYS = env_int("CONVENE_ANSWER_RETENTION_DAYS", 30)
CONVENE_PAYMENT_HOLD_MINUTES = env_int("CONVENE_PAYMENT_HOLD_MINUTES", 30)
CONVENE_WAITLIST_OFFER_HOURS = env_int("CONVENE_WAITLIST_OFFER_HOURS", 12)
CONVENE_OFFER_WARNING_MINUTES = env_int("CONVENE_OFFER_WARNING_MINUTES", 60)
# Sales tax an organizer can include in, or add to, a ticket's price (Ontario's HST by default).
CONVENE_SALES_TAX_NAME = env_str("CONVENE_SALES_TAX_NAME", "HST")
CONVENE_SALES_TAX_PERCENT = env_str("CONVENE_SALES_TAX_PERCENT", "13")
# Saves to a date within this many seconds of each other reach its people as one email.
CONVENE_DATE_CHANGE_DELAY_SECONDS = env_int("CONVENE_DATE_CHANGE_DELAY_SECONDS", 300)
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = env_str("STRIPE_API_BASE", "")  # empty: Stripe's own API; tests point it to a local fake
# Calendar feeds (events/feeds/)
CONVENE_CALENDAR_PAST_DAYS = env_int("CONVENE_CALENDAR_PAST_DAYS", 30)
# Importing outside calendars (calendars app): fetch limits, schedule, and the dates kept.
CONVENE_CALENDAR_IMPORT_TIMEOUT = env_int("CONVENE_CALENDAR_IMPORT_TIMEOUT", 15)
CONVENE_CALENDAR_IMPORT_MAX_BYTES = env_int("CONVENE_CALENDAR_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
CONVENE_CALENDAR_IMPORT_INTERVAL_MINUTES = env_int("CONVENE_CALENDAR_IMPORT_INTERVAL_MINUTES", 60)
CONVENE_CALENDAR_IMPORT_RETRY_MINUTES = env_int("CONVENE_CALENDAR_IMPORT_RETRY_MINUTES", 15)
CONVENE_CALENDAR_IMPORT_PAST_DAYS = env_int("CONVENE_CALENDAR_IMPORT_PAST_DAYS", 30)
CONVENE_CALENDAR_IMPORT_DAYS_AHEAD = env_int("CONVENE_CALENDAR_IMPORT_DAYS_AHEAD", 365)
# Hosts fetched even though they are not public addresses (and over plain http): tests only.
CONVENE_CALENDAR_IMPORT_ALLOWED_HOSTS = []
# Community submissions ("Submit an event") one person may make in a day.
CONVENE_SUBMISSIONS_PER_DAY = env_int("CONVENE_SUBMISSIONS_PER_DAY", 5)
# The domain in every event UID is chosen once, when the site first needs one, and stored (it must never
# change: events/feeds/identity.py). This setting chooses it for a new site; SITE_URL's host otherwise.
CONVENE_CALENDAR_UID_DOMAIN = env_str("CONVENE_CALENDAR_UID_DOMAIN", "")
# Cached feeds are keyed by a generation kept in the database and replaced after every committed change,
# whichever process made it (events/feeds/cache.py); this only bounds how long an unused copy is kept.
CONVENE_CALENDAR_CACHE_SECONDS = env_int("CONVENE_CALENDAR_CACHE_SECONDS", 24 * 3600)
# Per process: recently served feed bodies kept in memory (they are immutable, keyed by their hash).
CONVENE_CALENDAR_MEMORY_BYTES = env_int("CONVENE_CALENDAR_MEMORY_BYTES", 32 * 1024 * 1024)
# Social posts (#CivicTechTuesday): a retryable failure is tried again after 1, 2, 4... times this many
# seconds (or at the network's rate-limit reset), at most SOCIAL_MAX_ATTEMPTS times in all.
SOCIAL_MAX_ATTEMPTS = env_int("SOCIAL_MAX_ATTEMPTS", 5)
SOCIAL_RETRY_BASE_SECONDS = env_int("SOCIAL_RETRY_BASE_SECONDS", 60)

# Content-Security-Policy (django-csp 4; guards.headers). Scripts and styles come from /static/ only;
# an inline script must carry the request's nonce ({{ CSP_NONCE }}). Images may be data: URIs (SVG icons).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF, "blob:"],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Wagtail's admin prints inline scripts without a nonce (date pickers, inline panels) and inline styles:
# these directives replace the above on its pages only. (With a nonce present, browsers ignore
# 'unsafe-inline', so the admin's script-src has none.)
CONVENE_CSP_ADMIN_PREFIXES = ["/admin/", "/django-admin/"]
CONVENE_CSP_ADMIN_REPLACE = {"script-src": [SELF, UNSAFE_INLINE], "style-src": [SELF, UNSAFE_INLINE]}
# Wagtail's admin would load avatars from gravatar.com: a third party told who edits the site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Permissions-Policy (django-permissions-policy): no page may use these; the check-in page alone may
# use the camera (guards.headers.allow_camera).
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
