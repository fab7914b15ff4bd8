"""Django's admin (/django-admin/): deleting users, one or in bulk, erases them through the service."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import reverse

from accounts.admin import UserAdmin

from .admin_doors import ADMIN_EXPLANATION, erase_from_admin
from .services.erasure import ErasureError, check_erasable

User = get_user_model()


class ErasingUserAdmin(UserAdmin):
    def get_deleted_objects(self, objs, request):
        # Nothing is deleted in cascade (and nothing protected blocks it): the confirmation says what
        # erasure does instead of listing rows.
        return [ADMIN_EXPLANATION] + [str(obj) for obj in objs], {}, set(), []

    def delete_view(self, request, object_id, extra_context=None):
        user = self.get_object(request, object_id)
        if user is not None and request.method == "POST":
            try:
                check_erasable(user)
            except ErasureError as error:
                messages.error(request, str(error))
                return redirect(reverse("admin:accounts_user_change", args=[user.pk]))
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        erase_from_admin(request, [obj])

    def delete_queryset(self, request, queryset):
        erase_from_admin(request, list(queryset))


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, ErasingUserAdmin)
