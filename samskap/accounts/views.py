from typing import Literal, cast
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language as django_set_language

from samskap.directory.selectors import memberships_for_user

from .forms import ProfileForm
from .languages import language_of_path, supported_language
from .models import User
from .services import user_set_language, user_update_profile


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=cast(Literal["Lax", "Strict", "None"], settings.LANGUAGE_COOKIE_SAMESITE),
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            user_update_profile(user=user, **form.cleaned_data)
            language = user.language
            # Show the confirmation, and the profile, in the language just chosen.
            with translation.override(language):
                messages.success(request, _("Your profile has been saved."))
                url = reverse("accounts:profile")
            response = HttpResponseRedirect(url)
            _set_language_cookie(response, language)
            return response
    else:
        form = ProfileForm(
            initial={
                "name": user.name,
                "language": user.language,
                "notifications": user.notifications,
            }
        )
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "memberships": memberships_for_user(user.pk)},
    )


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's `set_language`, which also remembers the choice for a signed-in person.

    The page to return to (`next`) is translated from its own language, which its URL prefix
    tells, rather than from the language of this un-prefixed URL (cookie or browser).
    """
    language = request.POST.get("language", "")
    if request.method == "POST" and not supported_language(language):
        # Not one of ours (Django would accept any language it has a catalogue for):
        # return to the page unchanged.
        post = request.POST.copy()
        post.pop("language", None)
        request.POST = post  # type: ignore[assignment]
        language = ""
    next_url = request.POST.get("next", request.GET.get("next")) or ""
    with translation.override(language_of_path(urlsplit(next_url).path)):
        response = django_set_language(request)
    if language and request.user.is_authenticated and isinstance(request.user, User):
        user_set_language(user=request.user, language=language)
    return response
