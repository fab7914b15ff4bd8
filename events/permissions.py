"""Who may manage what: the group's organizers and site staff.

Wagtail grants page permissions per subtree (every event sits under /events/, every group under /groups/),
so on its own it would let any organizer act on every group's pages. The testers below narrow Wagtail's
answer to the group: Wagtail asks `page.permissions_for_user()` before every page action (edit, delete,
publish, unpublish, copy, move, privacy, lock, revisions, history, preview, bulk actions), so the rule holds
through every door at once.
"""

from wagtail.models import PagePermissionTester


def is_site_staff(user):
    return user.is_authenticated and (user.is_superuser or user.is_staff)


def managed_group_ids(user):
    """Ids of the groups this person organizes, looked up once per request (the user object is per request)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_convene_managed_group_ids", None)
    if cached is None:
        from .models import GroupPage

        cached = frozenset(GroupPage.objects.filter(organizers=user).values_list("pk", flat=True))
        user._convene_managed_group_ids = cached
    return cached


def can_manage_group(user, group_id):
    if not user.is_authenticated:
        return False
    return is_site_staff(user) or (group_id is not None and group_id in managed_group_ids(user))


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


def _stored_group_id(page):
    """The group a page belongs to as stored, not as a draft revision or an unsaved form would have it."""
    from .models import EventPage, GroupPage

    if isinstance(page, GroupPage):
        return page.pk
    return EventPage.objects.filter(pk=page.pk).values_list("group_id", flat=True).first()


class GroupScopedPagePermissionTester(PagePermissionTester):
    """Wagtail's answer for the user's page permissions, and nothing at all outside their groups.

    Every public `can_*` question is refused when the page is another group's, including the ones Wagtail
    answers without looking at permissions (workflow tasks, a lock the user still holds)."""

    def __init__(self, user, page):
        super().__init__(user, page)
        # A page being created is nobody's yet: the parent's "add" grant and the form's group choices
        # (EventPageForm offers only the person's groups) decide.
        self.in_scope = user.is_active and (
            page.pk is None or is_site_staff(user) or can_manage_group(user, _stored_group_id(page))
        )
        if not self.in_scope:
            self.permissions = set()

    def can_add_subpage(self):
        return self.in_scope and super().can_add_subpage()

    def can_edit(self):
        return self.in_scope and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self.in_scope and super().can_delete(ignore_bulk=ignore_bulk)

    def can_unpublish(self):
        return self.in_scope and super().can_unpublish()

    def can_publish(self):
        return self.in_scope and super().can_publish()

    def can_submit_for_moderation(self):
        return self.in_scope and super().can_submit_for_moderation()

    def can_set_view_restrictions(self):
        return self.in_scope and super().can_set_view_restrictions()

    def can_unschedule(self):
        return self.in_scope and super().can_unschedule()

    def can_lock(self):
        return self.in_scope and super().can_lock()

    def can_unlock(self):
        return self.in_scope and super().can_unlock()

    def can_publish_subpage(self):
        return self.in_scope and super().can_publish_subpage()

    def can_reorder_children(self):
        return self.in_scope and super().can_reorder_children()

    def can_move(self):
        return self.in_scope and super().can_move()

    def can_copy(self):
        return self.in_scope and super().can_copy()

    def can_move_to(self, destination):
        return self.in_scope and super().can_move_to(destination)

    def can_copy_to(self, destination, recursive=False):
        return self.in_scope and super().can_copy_to(destination, recursive=recursive)

    def can_view_revisions(self):
        return self.in_scope and super().can_view_revisions()
