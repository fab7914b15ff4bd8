"""The person's data pages: download, erase (with a confirmation step), and the public privacy page. Thin:
the rules live in privacy.services."""

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import policy
from .forms import EraseAccountForm
from .registry import sources
from .services.erasure import ErasureError, check_erasable, erase_account
from .services.export import export_json


@login_required
@require_safe
def your_data(request):
    return render(request, "privacy/your_data.html", {"retention": policy.retention_facts()})


@login_required
@require_safe
@never_cache
def export(request):
    now = timezone.now()
    response = HttpResponse(export_json(request.user, now), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="convene-my-data-{now:%Y-%m-%d}.json"'
    return response


@login_required
@never_cache
def erase(request):
    user = request.user
    try:
        check_erasable(user)
        refusal = None
    except ErasureError as error:
        refusal = str(error)
    form = EraseAccountForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST" and refusal is None:
        if form.is_valid():
            try:
                erase_account(user, actor=user)
            except ErasureError as error:
                refusal = str(error)
            else:
                logout(request)
                return redirect("privacy:erased")
        status = 400
    consequences = [line for source in sources() if source.preview for line in source.preview(user)]
    return render(
        request,
        "privacy/erase.html",
        {"form": form, "consequences": consequences, "refusal": refusal, "retention": policy.retention_facts()},
        status=status,
    )


@require_safe
def erased(request):
    return render(request, "privacy/erased.html")


@require_safe
def privacy_page(request):
    return render(request, "privacy/privacy_page.html", policy.page_context())
