"""Who may manage what: the group's organizers and site staff."""


def is_site_staff(user):
    return user.is_authenticated and (user.is_superuser or user.is_staff)


def can_manage_event(user, event):
    if not user.is_authenticated:
        return False
    if is_site_staff(user):
        return True
    return event.group_id is not None and event.group.organizers.filter(pk=user.pk).exists()


def managed_events_filter(user):
    """Queryset kwargs limiting EventPage rows to those the user may manage (None: no limit)."""
    if is_site_staff(user):
        return None
    return {"group__organizers": user}
