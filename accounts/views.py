import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import posted
from routines.dates import user_today
from routines.exports import account_data
from routines.models import Routine

from .forms import DeleteAccountForm, OwnPasswordChangeForm, SettingsForm, SignupForm
from .logins import end_other_sessions, forget_logins

# Leaving (logging out, deleting the account) empties this browser's copy of the person's pages,
# their outbox and the service worker, so the next person on a shared computer finds none of it.
# static/js/offline.js clears the same things itself, for browsers that ignore the header.
CLEAR_SITE_DATA = '"cache", "storage"'


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("pages:home")
    form = SignupForm(posted(request))
    if form.is_valid():
        try:
            with transaction.atomic():
                user = form.save()
        except IntegrityError:
            # Another sign-up took the name or the address a moment ago: say which, as the form would.
            form = SignupForm(request.POST)
            if form.is_valid():
                form.add_error(None, "That username or email address was taken a moment ago. Try logging in.")
            return render(request, "accounts/signup.html", {"form": form})
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        next_url = request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
            # Back to what brought them here, e.g. a shared routine to copy.
            messages.success(request, f"Welcome to Limber, {user.username}.")
            return redirect(next_url)
        # A first step rather than an empty Today: a few questions that suggest where to start.
        messages.success(request, f"Welcome to Limber, {user.username}.")
        return redirect("start:index")
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(posted(request), instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("accounts:settings")
    feed_url = request.build_absolute_uri(reverse("calendar:feed", args=[request.user.calendar_token]))
    return render(request, "accounts/settings.html", {"form": form, "feed_url": feed_url})


@require_POST
@login_required
def calendar_token(request: HttpRequest) -> HttpResponse:
    request.user.regenerate_calendar_token()
    messages.success(
        request, "Your calendar address is new; the old one no longer works. Add the new one to your calendar app."
    )
    return redirect(reverse("accounts:settings") + "#calendar-feed")


@require_http_methods(["GET", "POST"])
@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """Show what deleting the account removes; on POST with the right password, delete it all and log out."""
    user = request.user
    form = DeleteAccountForm(request, posted(request))
    if form.is_valid():
        try:
            with transaction.atomic():
                # A routine item PROTECTs its move, even when both go in the same
                # cascade, so the person's routines go first; then sessions, custom
                # moves and every other row they own go with the user through CASCADE.
                Routine.objects.for_user(user).delete()
                end_other_sessions(user, keep=request.session.session_key)
                forget_logins(user.get_username())
                user.delete()
        except ProtectedError:
            messages.error(
                request, "Your account could not be deleted just now; nothing was removed. Please try again."
            )
            return redirect("accounts:delete")
        logout(request)
        messages.success(request, "Your account and everything in it have been deleted. Goodbye, and go gently.")
        response = redirect("pages:home")
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response
    counts = {
        "sessions": user.sessions.count(),
        "routines": user.routines.count(),
        "moves": user.exercises.count(),
    }
    return render(request, "accounts/delete.html", {"form": form, "counts": counts})


def locked_out(request: HttpRequest, credentials: dict | None = None, *args, **kwargs) -> HttpResponse:
    """Shown once a username has failed too often from one address: instead of the login form,
    or instead of the page where a signed-in person was asked for their password."""
    if request.user.is_authenticated:
        return render(request, "accounts/too_many_tries.html", status=429)
    form = AuthenticationForm(request, data=request.POST or None)
    form.is_bound = False
    context = {"form": form, "locked_out": True}
    return render(request, "registration/login.html", context, status=429)


@require_GET
@login_required
def export(request: HttpRequest) -> HttpResponse:
    """Download all of one's data as a single JSON file."""
    body = json.dumps(account_data(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"limber-{request.user.username}-{user_today(request.user).isoformat()}.json"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change the password; a wrong old password counts toward the login lockout."""

    form_class = OwnPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "request": self.request}
