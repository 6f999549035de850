from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from .forms import SettingsForm, SignupForm


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        next_url = request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
            # Back to what brought them here, e.g. a shared routine to copy.
            messages.success(request, f"Welcome to Limber, {user.username}.")
            return redirect(next_url)
        messages.success(request, f"Welcome to Limber, {user.username}. Set your time zone below.")
        return redirect("accounts:settings")
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST or None, instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})


def locked_out(request: HttpRequest, credentials: dict | None = None, *args, **kwargs) -> HttpResponse:
    """Shown instead of the login form once a username has failed too often from one address."""
    form = AuthenticationForm(request, data=request.POST or None)
    form.is_bound = False
    context = {"form": form, "locked_out": True}
    return render(request, "registration/login.html", context, status=429)
