"""A result the server refuses is never dropped: the person sees why and can keep it as a hand-logged session."""

from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from routines.models import Session

from .helpers import assert_accessible, check_in, log_in


def test_a_refused_result_says_why_and_can_be_kept_by_hand(page, routine):
    # The phone's clock says a month ago: the server will not take that from the player.
    page.clock.install(time=datetime.now(UTC) - timedelta(days=31))
    log_in(page)
    check_in(page, routine, pain=4)
    page.clock.run_for(90_000)
    page.get_by_role("button", name="End early").click()
    page.get_by_role("button", name="Save session").click()

    refused = page.locator("#outbox-refused")
    expect(refused).to_contain_text("A session could not be saved")
    expect(refused).to_contain_text("“Morning hips”")
    expect(refused).to_contain_text("too old to save from the player")
    expect(page.locator("#save-status")).to_contain_text("keep it as a hand-logged session")
    assert Session.objects.count() == 0

    # It is still there on the next page, until the person decides.
    page.goto("/today/")
    expect(refused).to_contain_text("too old to save from the player")
    assert_accessible(page)
    refused.get_by_role("button", name="Keep it as a hand-logged session").click()
    expect(page.get_by_role("heading", name="Keep it as a hand-logged session")).to_be_visible()
    expect(page.get_by_label("Routine")).to_have_value(str(routine.pk))
    expect(page.get_by_label("Pain before (0–10)")).to_have_value("4")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Session logged.")).to_be_visible()
    session = Session.objects.get()
    assert session.source == Session.Source.MANUAL
    assert session.pain_before == 4
    assert session.routine_name == "Morning hips"
    expect(refused).to_have_count(0)
    page.goto("/sessions/")
    expect(refused).to_have_count(0)
    assert page.evaluate("() => window.LimberOutbox.refused().length") == 0


def test_a_refused_result_can_be_discarded(page, routine):
    log_in(page)
    page.evaluate(
        """() => localStorage.setItem("limber:outbox:rejected", JSON.stringify([{status: 404, errors: {},
             entry: {id: "a", name: "Gone routine", body: {started_at: "2026-11-30T08:00:00Z"}}}]))"""
    )
    page.goto("/library/")
    refused = page.locator("#outbox-refused")
    expect(refused).to_contain_text("The routine is no longer in your list.")
    refused.get_by_role("button", name="Discard it").click()
    expect(refused).to_have_count(0)
    page.reload()
    expect(page.get_by_role("heading", name="Exercise library")).to_be_visible()
    expect(refused).to_have_count(0)
