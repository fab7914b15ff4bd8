"""Imported dates in the listing, on group pages and in search (through events' listing hook)."""

from django.db.models import Q

from ..models import (
    CalendarSource,
    EventSubmission,
    ImportedEvent,
    ImportedStatus,
    SubmissionStatus,
    split_tags,
    tag_slug,
    tag_slug_lookup,
)


def imported_cards(public_groups=None):
    return ImportedEvent.objects.listed(public_groups).select_related("source", "source__group")


def published_submissions(public_groups=None):
    """Submissions a moderator published, for no group or a live public one: what the public sees."""
    from events.models import GroupPage

    if public_groups is None:
        public_groups = GroupPage.objects.live().public().values("pk")
    return EventSubmission.objects.filter(status=SubmissionStatus.PUBLISHED).filter(
        Q(group__isnull=True) | Q(group__in=public_groups)
    )


def submission_cards(public_groups=None):
    return published_submissions(public_groups).select_related("group")


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
            qs = qs.filter(tag_slug_lookup("source__", filters.tag))
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
        # The ids come from search()/for_group(), already filtered: fetched by primary key alone.
        qs = ImportedEvent.objects.select_related("source", "source__group").filter(pk__in=ids)
        return {row.pk: row for row in qs}


def _weekly_wanted(config, group_field, prefix, kind_field=None):
    """The site-wide post's choice (the groups, tags and kinds its settings list) as a Q."""
    wanted = Q(pk__in=[])
    if config.pk:
        wanted |= Q(**{f"{group_field}__in": config.groups.all()})
    for tag in config.tag_list:
        if tag_slug(tag):
            wanted |= tag_slug_lookup(prefix, tag)
    if config.kind_list and kind_field:
        wanted |= Q(**{f"{kind_field}__in": config.kind_list})
    return wanted


def weekly_dates(start, end, config, group=None):
    """Dates in [start, end) for the weekly post: scheduled imported dates of sources that opted in, and
    published submissions. A group's channel takes its group's; the site-wide post the groups, tags and
    kinds its settings list."""
    imported = imported_cards().filter(
        source__in_weekly_post=True, status=ImportedStatus.SCHEDULED, start__gte=start, start__lt=end
    )
    submitted = submission_cards().filter(start__gte=start, start__lt=end)
    if group is not None:
        imported = imported.filter(source__group=group)
        submitted = submitted.filter(group=group)
    else:
        imported = imported.filter(_weekly_wanted(config, "source__group", "source__", "source__default_kind"))
        wanted = _weekly_wanted(config, "group", "")
        if config.kind_list and SubmittedDates.kind in config.kind_list:
            wanted |= Q(pk__isnull=False)
        submitted = submitted.filter(wanted)
    dates = list(imported.order_by("start", "pk")) + list(submitted.order_by("start", "pk"))
    return sorted(dates, key=lambda date: (date.start, date.pk))


class SubmittedDates:
    """Published community submissions in the listing and on their group's page."""

    key = "submitted"
    kind = "meetup"  # a submission is listed as a meetup

    def search(self, filters, now):
        qs = published_submissions()
        qs = qs.filter(end__lt=now) if filters.is_past else qs.filter(end__gte=now)
        if filters.kind and filters.kind != self.kind:
            qs = qs.none()
        if filters.tag:
            qs = qs.filter(tag_slug_lookup("", filters.tag))
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
        return published_submissions().filter(group=group, end__gte=now)

    def cards(self, ids):
        return {row.pk: row for row in EventSubmission.objects.select_related("group").filter(pk__in=ids)}


def listing_topics():
    """(slug, name) of the tags of enabled sources of public groups and of published submissions still
    ahead: topics of the listing's filter and of tag feeds, as Convene's own tags are."""
    from django.utils import timezone

    from events.models import GroupPage

    texts = list(
        CalendarSource.objects.filter(enabled=True, group__in=GroupPage.objects.live().public().values("pk"))
        .exclude(default_tags="")
        .values_list("default_tags", flat=True)
    )
    texts += published_submissions().filter(end__gte=timezone.now()).exclude(tags="").values_list("tags", flat=True)
    topics = {}
    for text in texts:
        for name in split_tags(text):
            if tag_slug(name):
                topics.setdefault(tag_slug(name), name)
    return list(topics.items())
