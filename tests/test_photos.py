import functools
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from routines.models import Exercise, Routine
from routines.photos import PhotoError, process_photo

from .factories import move_data

# Crafted files


def jpeg(size=(640, 480), exif: Image.Exif | None = None, color=(40, 120, 90)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", exif=exif or Image.Exif())
    return out.getvalue()


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyPhone"
    exif[ExifTags.Base.DateTime] = "2026:05:04 07:08:09"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    return exif


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@functools.cache
def huge_png() -> bytes:
    # 400 megapixels of one bit each compress to a few kilobytes: a decompression bomb.
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")
    return out.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
BAD_FILES = {
    "text named .jpg": (lambda: b"This is not a picture at all.\n" * 10, "photo.jpg", "not a photo we can read"),
    "truncated": (lambda: jpeg()[:600], "photo.jpg", "not a photo we can read"),
    "svg": (lambda: SVG, "drawing.svg", "not a photo we can read"),
    "20,000 × 20,000 px": (huge_png, "big.png", "too large"),
}


def test_a_photo_loses_its_location_camera_and_date():
    original = jpeg(exif=exif_with_gps())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    clean = process_photo(upload(original))

    for data in (clean.full, clean.thumb):
        image = Image.open(io.BytesIO(data))
        assert image.format == "WEBP"
        assert not image.getexif()
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "exif" not in image.info and "xmp" not in image.info
        assert b"SpyPhone" not in data and b"2026:05:04" not in data


def test_a_sideways_tagged_photo_comes_out_upright():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # the camera was turned: rotate 90° to view
    clean = process_photo(upload(jpeg(size=(600, 200), exif=exif)))
    assert Image.open(io.BytesIO(clean.full)).size == (200, 600)
    assert clean.size == (200, 600)


def test_a_big_photo_is_shrunk_to_1600_px_with_a_400_px_thumbnail():
    clean = process_photo(upload(jpeg(size=(3200, 2400))))
    assert Image.open(io.BytesIO(clean.full)).size == (1600, 1200)
    assert Image.open(io.BytesIO(clean.thumb)).size == (400, 300)


def test_png_and_webp_are_accepted_too():
    for fmt in ("PNG", "WEBP"):
        out = io.BytesIO()
        Image.new("RGBA", (50, 40), (10, 20, 30, 128)).save(out, fmt)
        assert process_photo(upload(out.getvalue(), f"p.{fmt.lower()}")).size == (50, 40)


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_file_that_is_not_a_fit_photo_is_refused_with_a_clear_message(kind):
    make, name, message = BAD_FILES[kind]
    with pytest.raises(PhotoError, match=message):
        process_photo(upload(make(), name))


def test_a_gif_is_refused_even_though_it_is_an_image():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    with pytest.raises(PhotoError, match="JPEG, PNG or WebP"):
        process_photo(upload(out.getvalue(), "a.jpg"))


def test_a_file_over_10_mb_is_refused_before_it_is_read():
    with pytest.raises(PhotoError, match="10 MB"):
        process_photo(upload(b"\xff" * (10 * 1024 * 1024 + 1)))


# The views


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list:
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


@pytest.fixture
def alices_move(alice_client, alice, media, django_capture_on_commit_callbacks) -> Exercise:
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("library:new"), move_data(photo=upload(jpeg(), "physio.jpg")))
    return Exercise.objects.get(owner=alice)


def test_a_person_adds_their_own_move_with_a_photo(alice_client, alice, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            reverse("library:new"), move_data(photo=upload(jpeg(exif=exif_with_gps()), "physio.jpg"))
        )
    move = Exercise.objects.get(owner=alice)
    assert response.status_code == 302 and response.url == move.get_absolute_url()
    assert move.slug.startswith("towel-calf-stretch-")
    assert (move.hold_seconds, move.sets, move.rest_seconds, move.per_side) == (30, 2, 15, True)
    assert move.steps == ["Sit with legs out.", "Loop a towel round one foot and pull gently."]
    files = stored_files(media)
    assert len(files) == 2 and all(f.suffix == ".webp" for f in files)
    assert not any("physio" in f.name for f in files)  # the name a person gave never reaches the disk
    page = alice_client.get(move.get_absolute_url()).content.decode()
    assert reverse("library:photo", args=[move.slug]) in page
    assert 'alt="Photo of Towel calf stretch"' in page


def test_the_new_move_page_needs_a_login(client):
    response = client.get(reverse("library:new"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_new_move_page_refuses_other_methods(alice_client):
    assert alice_client.put(reverse("library:new")).status_code == 405


def test_a_move_without_its_dose_is_refused_and_nothing_saved(alice_client, media):
    response = alice_client.post(reverse("library:new"), move_data(measure="reps", hold_seconds=""))
    assert response.status_code == 200
    assert "Fill this in for this kind of dose." in response.content.decode()
    assert not Exercise.objects.exists()


def test_a_dose_out_of_bounds_is_refused(alice_client, media):
    response = alice_client.post(reverse("library:new"), move_data(sets="40"))
    assert "Choose between 1 and 10." in response.content.decode()
    assert not Exercise.objects.exists()


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_an_unfit_upload_is_refused_and_nothing_is_stored(alice_client, media, kind):
    make, name, message = BAD_FILES[kind]
    response = alice_client.post(reverse("library:new"), move_data(photo=upload(make(), name)))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "nothing was saved" in page
    assert not Exercise.objects.exists()
    assert stored_files(media) == []


def test_a_custom_move_named_like_a_built_in_one_never_takes_its_address(alice_client, alice, library, media):
    alice_client.post(reverse("library:new"), move_data(name="Glute bridge"))
    mine = Exercise.objects.get(owner=alice)
    assert mine.slug != "glute-bridge" and mine.slug.startswith("glute-bridge-")
    assert Exercise.objects.get(slug="glute-bridge").owner is None


def test_custom_moves_show_only_to_their_owner(client, alices_move, bob):
    client.force_login(bob)
    assert client.get(alices_move.get_absolute_url()).status_code == 404
    assert alices_move.name not in client.get(reverse("library:list")).content.decode()


def test_the_owner_sees_their_move_with_its_thumbnail_in_the_library(alice_client, alices_move):
    page = alice_client.get(reverse("library:list")).content.decode()
    assert reverse("library:photo_thumb", args=[alices_move.slug]) in page


def test_the_library_does_not_query_per_picture(alice_client, alice, library, django_assert_max_num_queries):
    for i in range(30):
        Exercise.objects.create(
            owner=alice, name=f"Move {i}", slug=f"move-{i}-abc123", kind="stretch", position="lying",
            instructions="a\nb", measure="hold", hold_seconds=20, cautions="", photo=f"photos/x{i}.webp",
        )  # fmt: skip
    with django_assert_max_num_queries(12):
        response = alice_client.get(reverse("library:list"))
    assert response.content.decode().count("<svg") >= 21


# The photo itself


def test_the_owner_gets_the_photo_as_an_image_that_is_never_sniffed(alice_client, alices_move):
    for name in ("library:photo", "library:photo_thumb"):
        response = alice_client.get(reverse(name, args=[alices_move.slug]))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert Image.open(io.BytesIO(b"".join(response.streaming_content))).format == "WEBP"


def test_nobody_else_can_fetch_the_photo(client, alices_move, bob):
    url = reverse("library:photo", args=[alices_move.slug])
    client.logout()  # the fixture logged Alice in on this same client
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url
    client.force_login(bob)
    assert client.get(url).status_code == 404
    assert client.get(reverse("library:photo_thumb", args=[alices_move.slug])).status_code == 404


def test_the_photo_address_refuses_other_methods(alice_client, alices_move):
    assert alice_client.post(reverse("library:photo", args=[alices_move.slug])).status_code == 405


def test_a_move_without_a_photo_has_no_photo_address(alice_client, alice, library):
    assert alice_client.get(reverse("library:photo", args=["glute-bridge"])).status_code == 404


def test_photos_are_not_served_from_media_url(alice_client, alices_move):
    assert alice_client.get("/media/" + alices_move.photo.name).status_code == 404


# Editing and deleting


def test_the_owner_edits_their_move_and_its_address_stays(alice_client, alices_move):
    url = reverse("library:edit", args=[alices_move.slug])
    assert alice_client.get(url).status_code == 200
    response = alice_client.post(url, move_data(name="Towel calf stretch, seated", measure="breaths", breaths="6"))
    assert response.status_code == 302
    alices_move.refresh_from_db()
    assert alices_move.name == "Towel calf stretch, seated"
    assert (alices_move.measure, alices_move.breaths, alices_move.hold_seconds) == ("breaths", 6, None)
    assert alices_move.slug.startswith("towel-calf-stretch-")
    assert alices_move.photo  # kept when no new photo is sent


def test_replacing_the_photo_removes_the_old_files(
    alice_client, alices_move, media, django_capture_on_commit_callbacks
):
    old = stored_files(media)
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(
            reverse("library:edit", args=[alices_move.slug]),
            move_data(photo=upload(jpeg(color=(200, 10, 10)), "new.jpg")),
        )
    new = stored_files(media)
    assert len(new) == 2 and not set(old) & set(new)


def test_removing_the_photo_removes_its_files(alice_client, alices_move, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("library:edit", args=[alices_move.slug]), move_data(remove_photo="on"))
    alices_move.refresh_from_db()
    assert not alices_move.photo and stored_files(media) == []


def test_a_bad_edit_changes_nothing(alice_client, alices_move, media):
    before = stored_files(media)
    response = alice_client.post(
        reverse("library:edit", args=[alices_move.slug]), move_data(name="", photo=upload(SVG, "x.svg"))
    )
    assert response.status_code == 200
    alices_move.refresh_from_db()
    assert alices_move.name == "Towel calf stretch"
    assert stored_files(media) == before


def test_built_in_and_other_peoples_moves_cannot_be_edited_or_deleted(client, alices_move, bob, library):
    client.force_login(bob)
    for slug in (alices_move.slug, "glute-bridge"):
        for name in ("library:edit", "library:delete"):
            assert client.get(reverse(name, args=[slug])).status_code == 404
            assert client.post(reverse(name, args=[slug]), move_data()).status_code == 404
    assert Exercise.objects.filter(pk=alices_move.pk, name="Towel calf stretch").exists()
    assert Exercise.objects.filter(slug="glute-bridge", owner=None).exists()


def test_editing_and_deleting_need_a_login(client, alices_move):
    client.logout()
    for name in ("library:edit", "library:delete"):
        response = client.post(reverse(name, args=[alices_move.slug]))
        assert response.status_code == 302 and "/accounts/login/" in response.url
    assert Exercise.objects.filter(pk=alices_move.pk).exists()


def test_edit_and_delete_refuse_other_methods(alice_client, alices_move):
    for name in ("library:edit", "library:delete"):
        assert alice_client.put(reverse(name, args=[alices_move.slug])).status_code == 405


def test_the_owner_deletes_their_move_and_its_photo(
    alice_client, alices_move, media, django_capture_on_commit_callbacks
):
    url = reverse("library:delete", args=[alices_move.slug])
    assert "Delete the move" in alice_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(url)
    assert response.status_code == 302 and response.url == reverse("library:list")
    assert not Exercise.objects.filter(pk=alices_move.pk).exists()
    assert stored_files(media) == []


def test_a_move_still_in_a_routine_is_not_deleted_and_the_page_says_why(alice_client, alice, alices_move, media):
    Routine.objects.create(owner=alice, name="Morning mobility").add_item(alices_move)
    url = reverse("library:delete", args=[alices_move.slug])
    page = alice_client.get(url).content.decode()
    assert "still used in 1 routine</strong>" in page and "Morning mobility" in page
    assert "Delete the move" not in page
    response = alice_client.post(url)
    assert response.status_code == 200
    assert "is still in a routine, so it was not deleted" in response.content.decode()
    assert Exercise.objects.filter(pk=alices_move.pk).exists()
    assert len(stored_files(media)) == 2


def test_deleting_an_account_removes_its_photos(alice, alices_move, media, django_capture_on_commit_callbacks):
    assert len(stored_files(media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        alice.delete()
    assert stored_files(media) == []


def test_someone_else_seeing_a_custom_move_gets_the_placeholder_not_a_broken_photo(rf, alices_move, bob):
    from django.template import Context, Template

    template = Template('{% load pictures %}{% exercise_picture exercise size="page" %}')
    for user, expected in ((alices_move.owner, "<img"), (bob, "placeholder")):
        request = rf.get("/")
        request.user = user
        assert expected in template.render(Context({"exercise": alices_move, "request": request}))
