"""The person's own profile form and the optional public profile page. Thin: rules live in accounts.profile."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .forms import ProfileForm
from .profile import profile_panels, public_person, update_profile


@login_required
def edit_profile(request):
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=get_user_model().objects.get(pk=user.pk))
        if form.is_valid():
            update_profile(user, form.cleaned_data)
            messages.success(request, _("Your profile is saved."))
            return redirect("people:edit")
        status = 400
    else:
        form = ProfileForm(instance=user)
        status = 200
    return render(request, "accounts/profile_edit.html", {"form": form, "person": user}, status=status)


@require_safe
def public_profile(request, pk):
    person = public_person(pk)
    if person is None:
        raise Http404(_("This profile is not public."))
    return render(
        request,
        "accounts/profile_public.html",
        {"person": person, "panels": profile_panels(request, person), "is_me": request.user.pk == person.pk},
    )
