"""Wagtail's user delete (single and bulk) goes through the erasure service."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import reverse
from wagtail import hooks
from wagtail.actions import DeleteAction

from .admin_doors import ADMIN_EXPLANATION, erase_from_admin
from .services.erasure import erase_account


class EraseUserAction(DeleteAction):
    """Registered as the User model's "delete" action: any Wagtail code path that deletes a user through
    the action registry erases instead (the account row stays as a pseudonym)."""

    def _delete(self):
        return erase_account(self.instance, actor=self.user)


@hooks.register("register_actions")
def register_erase_user_action(registry):
    registry.register(get_user_model(), EraseUserAction)


@hooks.register("before_delete_user")
def erase_instead_of_deleting(request, user):
    if request.method != "POST":
        messages.warning(request, ADMIN_EXPLANATION)  # shown on the confirmation page
        return None
    erase_from_admin(request, [user])
    return redirect(reverse("wagtailusers_users:index"))


@hooks.register("before_bulk_action")
def erase_instead_of_bulk_deleting(request, action_type, objects, action_class_instance):
    if action_type != "delete" or action_class_instance.model is not get_user_model():
        return None
    erase_from_admin(request, objects)
    return redirect(action_class_instance.next_url)
