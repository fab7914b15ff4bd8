import django.utils.timezone
from django.db import migrations, models


def fill_tag_slugs(apps, schema_editor):
    """Sources and submissions saved before this migration: their tags as slugs (what save() keeps)."""
    from taggit.models import Tag

    CalendarSource = apps.get_model("calendars", "CalendarSource")
    for source in CalendarSource.objects.exclude(default_tags=""):
        slugs = [Tag().slugify(t.strip()) for t in source.default_tags.split(",") if t.strip()]
        source.tag_slugs = "," + ",".join(dict.fromkeys(s for s in slugs if s)) + ","
        source.save(update_fields=["tag_slugs"])


class Migration(migrations.Migration):
    dependencies = [
        ("calendars", "0002_community_submissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="calendarsource",
            name="tag_slugs",
            field=models.CharField(blank=True, default=",", editable=False, max_length=400),
        ),
        migrations.AddField(
            model_name="eventsubmission",
            name="tag_slugs",
            field=models.CharField(blank=True, default=",", editable=False, max_length=400),
        ),
        migrations.AddField(
            model_name="eventsubmission",
            name="tags",
            field=models.CharField(
                blank=True,
                help_text="Comma-separated, e.g. civic tech, open data",
                max_length=200,
                verbose_name="tags",
            ),
        ),
        migrations.AddField(
            model_name="eventsubmission",
            name="modified_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="eventsubmission",
            name="feed_sequence",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(fill_tag_slugs, migrations.RunPython.noop),
    ]
