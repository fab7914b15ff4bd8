"""Snippets that belong to a group (dates, venues, channels): Wagtail's permission policy for them, and the
snippet views that ask it about the one object they show.

Wagtail's snippet views check the model permission ("may change venues") and leave the object to the policy
only in some places (copy, bulk delete). The policy below answers per object, and the view mixin makes edit,
delete, history, usage and inspect ask it too, so one rule holds at every door."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenView,
    SnippetCreateView,
)
from wagtail.snippets.views.snippets import DeleteView, EditView, HistoryView, IndexView, InspectView, UsageView

from .permissions import is_site_staff, managed_group_ids


class GroupScopedPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, and on top of them: an object is the business of its group's organizers and
    of site staff. Objects without a group are shared: anyone with the model permission may take the
    `shared_actions` on them (venues: view and choose), and only site staff anything else."""

    def __init__(self, model, group_lookup, shared_actions=()):
        super().__init__(model)
        self.group_lookup = group_lookup  # e.g. "group" or "event__group"
        self.shared_actions = frozenset(shared_actions)

    def group_id_of(self, instance):
        *path, last = self.group_lookup.split("__")
        obj = instance
        for step in path:
            obj = getattr(obj, step)
        return getattr(obj, f"{last}_id")

    def _in_scope(self, user, actions, group_id):
        if is_site_staff(user):
            return True
        if group_id is None:
            return bool(self.shared_actions & set(actions))
        return group_id in managed_group_ids(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self._in_scope(user, actions, self.group_id_of(instance))

    def scope_filter(self, user, actions):
        """A Q limiting the model's rows to those the user may take one of `actions` on (None: no limit)."""
        if is_site_staff(user):
            return None
        allowed = Q(**{f"{self.group_lookup}__in": managed_group_ids(user)})
        if self.shared_actions & set(actions):
            allowed |= Q(**{f"{self.group_lookup}__isnull": True})
        return allowed

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        allowed = self.scope_filter(user, actions)
        rows = self.model._default_manager.all()
        return rows if allowed is None else rows.filter(allowed)

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        group_id = self.group_id_of(instance)
        staff = Q(is_superuser=True) | Q(is_staff=True)
        if group_id is None:
            return users if self.shared_actions & set(actions) else users.filter(staff)
        return users.filter(staff | Q(organized_groups=group_id)).distinct()


def _check_instance(view, action, obj):
    if not view.permission_policy.user_has_permission_for_instance(view.request.user, action, obj):
        raise PermissionDenied
    return obj


class ScopedIndexView(IndexView):
    """Lists only the rows the person may see or act on."""

    def get_base_queryset(self):
        qs = super().get_base_queryset()
        allowed = self.permission_policy.scope_filter(self.request.user, ["view", "change", "delete"])
        return qs if allowed is None else qs.filter(allowed)


class ScopedEditView(EditView):
    def get_object(self, queryset=None):
        return _check_instance(self, "change", super().get_object(queryset))


class ScopedDeleteView(DeleteView):
    def get_object(self, queryset=None):
        if getattr(self, "object", None):
            return self.object
        return _check_instance(self, "delete", super().get_object(queryset))


class ScopedHistoryView(HistoryView):
    def get_object(self):
        return _check_instance(self, "change", super().get_object())


class ScopedUsageView(UsageView):
    def get_object(self):
        return _check_instance(self, "change", super().get_object())


class ScopedInspectView(InspectView):
    def get_object(self, queryset=None):
        return _check_instance(self, "view", super().get_object(queryset))


class _ScopedChoices:
    def get_object_list(self):
        objects = super().get_object_list()
        allowed = self.permission_policy.scope_filter(self.request.user, ["choose"])
        return objects if allowed is None else objects.filter(allowed)


class ScopedChooseView(_ScopedChoices, ChooseView):
    pass


class ScopedChooseResultsView(_ScopedChoices, ChooseResultsView):
    pass


class ScopedChosenView(SnippetChosenView):
    def get_object(self, pk):
        obj = super().get_object(pk)
        allowed = self.permission_policy.scope_filter(self.request.user, ["choose"])
        if allowed is not None and not self.model_class.objects.filter(allowed, pk=obj.pk).exists():
            raise PermissionDenied
        return obj

    @property
    def permission_policy(self):
        from wagtail.permissions import policy_registry

        return policy_registry.get_by_type(self.model_class)


class FormlessCreateView(SnippetCreateView):
    """The chooser's 'create' address for a snippet whose chooser has no creation form (ours have none:
    venues and sources are created in their own editor). Wagtail still routes create/ and calls
    form.is_valid() on None (500); there is nothing to create here, so the address is not found."""

    def dispatch(self, request, *args, **kwargs):
        if self.get_creation_form_class() is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ScopedChooserViewSet(SnippetChooserViewSet):
    """Choosers offer a person only what they may use."""

    create_view_class = FormlessCreateView

    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView


class ScopedViewSetMixin:
    """For a SnippetViewSet whose model has a GroupScopedPermissionPolicy registered."""

    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    inspect_view_class = ScopedInspectView
    chooser_viewset_class = ScopedChooserViewSet
