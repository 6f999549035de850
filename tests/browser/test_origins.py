"""Every page loads only from this site: no CDN, no font service, no tracker."""

from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from routines.models import Routine, Session


def test_no_page_loads_anything_from_another_origin(browser, live_server, live_library):
    call_command("seed_demo", years=0.25, verbosity=0)
    demo = User.objects.get(username="demo")
    routine = Routine.objects.filter(owner=demo).first()
    session = Session.objects.filter(user=demo).first()
    move = routine.ordered_items()[0].exercise
    pages = [
        "/",
        "/today/",
        "/routines/",
        "/routines/starters/",
        f"/routines/{routine.pk}/",
        f"/routines/{routine.pk}/edit/",
        f"/routines/{routine.pk}/play/",
        "/schedule/",
        "/calendar/",
        "/history/",
        "/history/report/",
        "/sessions/",
        f"/sessions/{session.pk}/",
        "/library/",
        f"/library/{move.slug}/",
        "/safety/",
        "/accounts/settings/",
    ]
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    requested, blocked = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("demo")
    page.get_by_label("Password").fill("demo-password-1")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    for path in pages:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("load")

    assert len(requested) > len(pages)  # the pages and their styles, scripts and icon
    elsewhere = [url for url in requested if not url.startswith(live_server.url)]
    assert elsewhere == []
    assert blocked == []
    context.close()
