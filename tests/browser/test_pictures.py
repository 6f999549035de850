"""A person adds their own move with a photo from their physiotherapist and sees it."""

import pytest
from PIL import Image
from playwright.sync_api import expect

from accounts.models import User

from .helpers import PASSWORD, assert_accessible, log_in


@pytest.fixture
def media(live_settings, tmp_path):
    live_settings.MEDIA_ROOT = tmp_path / "media"
    return live_settings.MEDIA_ROOT


def log_in_as_robin(page) -> None:
    User.objects.create_user("robin", "robin@example.com", PASSWORD)
    log_in(page, "robin")


def test_a_custom_move_with_a_photo_shows_it_on_its_page(page, live_library, media, tmp_path):
    photo = tmp_path / "from-my-physio.jpg"
    Image.new("RGB", (900, 600), (60, 140, 110)).save(photo, "JPEG")
    log_in_as_robin(page)

    page.goto("/library/")
    page.get_by_role("link", name="Add your own move").click()
    page.get_by_label("Name").fill("Towel calf stretch")
    page.get_by_label("Kind").select_option("stretch")
    page.get_by_label("Position").select_option("seated")
    page.get_by_role("checkbox", name="Hamstrings").check()
    page.get_by_label("Instructions").fill("Sit with your legs out.\nLoop a towel round one foot and pull gently.")
    page.get_by_label("Dose is measured in").select_option("hold")
    page.get_by_label("Hold (seconds)").fill("30")
    page.get_by_label("Photo (optional)").set_input_files(str(photo))
    assert_accessible(page)
    page.get_by_role("button", name="Add the move").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Towel calf stretch")
    image = page.get_by_role("img", name="Photo of Towel calf stretch")
    expect(image).to_be_visible()
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") == 900
    assert_accessible(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Library").click()
    thumb = page.get_by_role("img", name="Photo of Towel calf stretch")
    thumb.scroll_into_view_if_needed()  # cards' photos load lazily
    expect(thumb).to_have_js_property("complete", True)
    assert thumb.evaluate("img => img.naturalWidth") == 400
    assert_accessible(page)


def test_a_bad_upload_is_explained_on_the_form(page, live_library, media, tmp_path):
    fake = tmp_path / "not-a-photo.jpg"
    fake.write_text("just some text")
    log_in_as_robin(page)
    page.goto("/library/new/")
    page.get_by_label("Name").fill("Towel calf stretch")
    page.get_by_label("Kind").select_option("stretch")
    page.get_by_label("Position").select_option("seated")
    page.get_by_label("Instructions").fill("Sit.\nPull.")
    page.get_by_label("Dose is measured in").select_option("hold")
    page.get_by_label("Hold (seconds)").fill("30")
    page.get_by_label("Photo (optional)").set_input_files(str(fake))
    page.get_by_role("button", name="Add the move").click()
    expect(page.get_by_text("That file is not a photo we can read.")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("nothing was saved")
    assert_accessible(page)


def test_the_drawings_show_on_the_library_and_a_move_page(page, live_library):
    page.goto("/library/")
    expect(page.get_by_role("img", name="Start: Lying on the back on a mat")).to_be_visible()
    page.get_by_role("link", name="Glute bridge").click()
    drawing = page.locator(".move-picture svg[role=img]")
    expect(drawing).to_be_visible()
    assert drawing.bounding_box()["width"] > 300
    assert_accessible(page)
