"""Imported dates in the listing, on group pages and in search (through events' listing hook)."""

from django.db.models import Q

from ..models import ImportedEvent


def imported_cards():
    return ImportedEvent.objects.listed().select_related("source", "source__group")


class ImportedDates:
    key = "imported"

    def search(self, filters, now):
        qs = ImportedEvent.objects.listed()
        qs = qs.filter(end__lt=now) if filters.is_past else qs.filter(end__gte=now)
        if filters.kind:
            qs = qs.filter(source__default_kind=filters.kind)
        if filters.group:
            qs = qs.filter(source__group__slug=filters.group)
        if filters.tag:
            qs = qs.filter(source__default_tags__icontains=filters.tag.replace("-", " "))
        if filters.city:
            qs = qs.filter(source__group__city__iexact=filters.city)
        if filters.q:
            qs = qs.filter(
                Q(title__icontains=filters.q)
                | Q(description__icontains=filters.q)
                | Q(location__icontains=filters.q)
                | Q(source__group__title__icontains=filters.q)
            )
        return qs

    def for_group(self, group, now):
        return ImportedEvent.objects.listed().filter(source__group=group, end__gte=now)

    def cards(self, ids):
        return {row.pk: row for row in imported_cards().filter(pk__in=ids)}
