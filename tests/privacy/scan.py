"""Look for a string in every text, char and JSON column of every table Django knows."""

from django.apps import apps
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def text_columns():
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, TEXT_FIELDS) and field.model is model:
                yield model, field


def find_traces(needles):
    """[(table, column, pk, value)] for every row where a column contains one of `needles` (any case)."""
    hits = []
    for model, field in text_columns():
        alias = f"_scan_{field.column}"
        rows = model._base_manager.annotate(**{alias: Cast(field.name, TextField())})
        condition = Q()
        for needle in needles:
            condition |= Q(**{f"{alias}__icontains": needle})
        for pk, value in rows.filter(condition).values_list("pk", alias):
            hits.append((model._meta.db_table, field.column, pk, value[:200]))
    return hits


def column_count():
    return sum(1 for _ in text_columns())
