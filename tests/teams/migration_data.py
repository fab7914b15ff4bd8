"""Order-proof transactional tests.

A transactional test's database is flushed afterwards and should be restored from its serialized copy; when
plain, transactional and live-server tests mix in one run, that copy is sometimes not restored (the base suite
shows it too: tests/browser/test_visitor_journey.py fails after tests/events in one run). Rebuild what the
migrations would have left (content types, permissions, Wagtail's default locale) so these tests pass in
any order.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.sql import emit_post_migrate_signal
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale


def ensure_migration_data():
    if Locale.objects.exists():
        return
    ContentType.objects.clear_cache()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
