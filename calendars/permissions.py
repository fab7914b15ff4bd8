"""Who may manage calendar sources and imported dates: site staff all of them, a group's organizers their
group's. Enforced in the permission policy Wagtail asks at every door (index, edit, delete, bulk actions)."""

from wagtail.permission_policies.base import ModelPermissionPolicy

from events.permissions import is_site_staff


def _organizes_any(user):
    return user.is_authenticated and user.organized_groups.exists()


def can_manage_source(user, source):
    if not user.is_authenticated:
        return False
    return is_site_staff(user) or source.group.organizers.filter(pk=user.pk).exists()


class CalendarSourcePermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if is_site_staff(user):
            return True
        return action in ("add", "change", "delete", "view") and _organizes_any(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_manage_source(user, instance)

    def instances_user_has_permission_for(self, user, action):
        qs = self.model._default_manager.all()
        if is_site_staff(user):
            return qs
        if not self.user_has_permission(user, action):
            return qs.none()
        return qs.filter(group__organizers=user)


class ImportedEventPermissionPolicy(ModelPermissionPolicy):
    """Imported dates come from the feed: nobody adds or deletes them here; organizers hide one."""

    def user_has_permission(self, user, action):
        if action not in ("change", "view"):
            return False
        return is_site_staff(user) or _organizes_any(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_manage_source(user, instance.source)

    def instances_user_has_permission_for(self, user, action):
        qs = self.model._default_manager.all()
        if not self.user_has_permission(user, action):
            return qs.none()
        if is_site_staff(user):
            return qs
        return qs.filter(source__group__organizers=user)
