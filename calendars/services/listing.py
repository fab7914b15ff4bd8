"""Imported dates in the listing, on group pages and in search (through events' listing hook)."""

from django.db.models import Q

from ..models import ImportedEvent, ImportedStatus


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


def weekly_dates(start, end, config, group=None):
    """Scheduled imported dates in [start, end) for the weekly post, from sources that opted in: a group's
    channel takes its group's; the site-wide post the groups, tags and kinds its settings list."""
    qs = imported_cards().filter(
        source__in_weekly_post=True, status=ImportedStatus.SCHEDULED, start__gte=start, start__lt=end
    )
    if group is not None:
        qs = qs.filter(source__group=group)
    else:
        wanted = Q(pk__in=[])
        if config.pk:
            wanted |= Q(source__group__in=config.groups.all())
        for tag in config.tag_list:
            wanted |= Q(source__default_tags__icontains=tag)
        if config.kind_list:
            wanted |= Q(source__default_kind__in=config.kind_list)
        qs = qs.filter(wanted)
    return list(qs.order_by("start", "pk"))


class SubmittedDates:
    """Published community submissions in the listing and on their group's page."""

    key = "submitted"

    def _published(self):
        from events.models import GroupPage

        from ..models import EventSubmission, SubmissionStatus

        public_groups = GroupPage.objects.live().public().values("pk")
        return EventSubmission.objects.filter(status=SubmissionStatus.PUBLISHED).filter(
            Q(group__isnull=True) | Q(group__in=public_groups)
        )

    def search(self, filters, now):
        qs = self._published()
        qs = qs.filter(end__lt=now) if filters.is_past else qs.filter(end__gte=now)
        if filters.kind and filters.kind != "meetup":
            qs = qs.none()
        if filters.tag:
            qs = qs.none()
        if filters.group:
            qs = qs.filter(group__slug=filters.group)
        if filters.city:
            qs = qs.filter(Q(group__city__iexact=filters.city) | Q(location__icontains=filters.city))
        if filters.q:
            qs = qs.filter(
                Q(title__icontains=filters.q) | Q(description__icontains=filters.q) | Q(location__icontains=filters.q)
            )
        return qs

    def for_group(self, group, now):
        return self._published().filter(group=group, end__gte=now)

    def cards(self, ids):
        return {row.pk: row for row in self._published().select_related("group").filter(pk__in=ids)}
