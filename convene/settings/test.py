from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run inline unless a test opts into the database backend and a real worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = SITE_URL
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# The calendar-import tests serve feeds from a local HTTP server.
CONVENE_CALENDAR_IMPORT_ALLOWED_HOSTS = ["127.0.0.1"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not the shared in-memory database: concurrency tests race real connections from
    # several threads, and only a file gives them SQLite's real locking (BEGIN IMMEDIATE + busy timeout).
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "db.sqlite3-test")}  # noqa: F405
else:
    # Race tests assert who gets a seat, not how fast: on a loaded machine 60 threads queueing for one
    # date can wait longer than production's 5 s. The lock-timeout tests set their own short timeout.
    DATABASES["default"]["OPTIONS"]["options"] = "-c lock_timeout=60000"  # noqa: F405
