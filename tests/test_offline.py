"""The installable app on the server's side: manifest, worker, offline page, whose pages are kept."""

import json
import re
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from routines import offline
from routines.icons import ICONS, draw_icon
from routines.models import Exercise, Routine, Session

from .factories import custom_move, player_result, post_result

ICON_DIR = Path(settings.BASE_DIR) / "static" / "img" / "icons"


# The manifest and the icons


def test_the_manifest_names_the_app_and_opens_today_standalone(client, db):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"].startswith("Limber") and data["short_name"] == "Limber"
    assert (data["start_url"], data["display"], data["scope"]) == ("/today/", "standalone", "/")
    for colour in (data["theme_color"], data["background_color"]):
        assert re.fullmatch(r"#[0-9a-f]{6}", colour)
    sizes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix(settings.STATIC_URL)), icon["src"]


@pytest.mark.parametrize("name", ["pages:home", "accounts:login", "today:index", "routines:list", "pages:safety"])
def test_every_page_links_the_manifest_and_both_theme_colours(alice_client, name):
    html = alice_client.get(reverse(name), follow=True).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'name="theme-color" content="#1f6f5c" media="(prefers-color-scheme: light)"' in html
    assert 'name="theme-color" content="#121614" media="(prefers-color-scheme: dark)"' in html
    assert 'src="/static/js/offline.js" defer data-worker="/sw.js"' in html


@pytest.mark.parametrize(("name", "size", "maskable"), ICONS)
def test_the_icons_in_static_are_the_ones_the_project_draws(name, size, maskable):
    data = (ICON_DIR / name).read_bytes()
    assert data == draw_icon(size, maskable), "run `manage.py draw_icons`"
    image = Image.open(BytesIO(data))
    assert image.size == (size, size)
    # A maskable icon fills its square to the corners; the other keeps its corners clear.
    corner = image.convert("RGBA").getpixel((0, 0))
    assert (corner[3] == 255) == maskable


def test_draw_icons_writes_every_icon(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    call_command("draw_icons", stdout=StringIO())
    assert sorted(p.name for p in (tmp_path / "static" / "img" / "icons").iterdir()) == sorted(n for n, _, _ in ICONS)


# The worker


def test_the_worker_is_served_from_the_root_with_its_version_and_never_kept_stale(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert "Limber-Owner" not in response
    body = response.content.decode()
    config = json.loads(body.split("\n", 1)[0].removeprefix("self.LIMBER = ").removesuffix(";"))
    assert config["version"] == offline.deploy_version()
    assert "/offline/" in config["shell"] and "/static/css/limber.css" in config["shell"]
    assert 'addEventListener("fetch"' in body


def test_a_changed_static_file_gives_the_worker_a_new_version(tmp_path, settings):
    static = tmp_path / "static"
    static.mkdir()
    (static / "css").mkdir()
    css = static / "css" / "limber.css"
    css.write_text("body { color: black; }")
    settings.STATICFILES_DIRS = [static, *settings.STATICFILES_DIRS]
    offline.deploy_version.cache_clear()
    try:
        before = offline.deploy_version()
        css.write_text("body { color: navy; }")
        offline.deploy_version.cache_clear()
        assert offline.deploy_version() != before
    finally:
        settings.STATICFILES_DIRS = settings.STATICFILES_DIRS[1:]
        offline.deploy_version.cache_clear()


def test_every_file_the_kept_pages_load_is_in_the_shell(alice_client, alice, routine):
    alice_client.post(reverse("player:play", args=[routine.pk]), {"pain": "3", "no_flags": "on"})
    shell = set(offline.shell_urls())
    for url in offline.pages_for(alice):
        html = alice_client.get(url, HTTP_X_LIMBER_PRECACHE="1").content.decode()
        for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
            assert asset in shell, f"{url} loads {asset}, which the worker does not keep"


def test_shell_files_all_exist():
    for path in offline.shell_static():
        assert finders.find(path), path


# The offline page


def test_the_offline_page_is_the_same_for_everyone_and_holds_nothing_of_anyones(client, alice_client, db):
    signed_in = alice_client.get("/offline/")
    assert signed_in.status_code == 200
    html = signed_in.content.decode()
    assert "You are offline" in html and "safe on this device" in html
    assert "csrfmiddlewaretoken" not in html and "alice" not in html and "Log out" not in html
    assert "Limber-Owner" not in signed_in
    client.logout()
    assert client.get("/offline/").content.decode() == html


# Whose pages are kept


def test_the_list_of_pages_is_the_persons_own(alice_client, alice, routine, bobs_routine):
    response = alice_client.get("/offline/pages.json")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert data["owner"] == offline.owner_key(alice)
    assert data["urls"] == [
        "/today/",
        "/routines/",
        f"/routines/{routine.pk}/",
        f"/routines/{routine.pk}/play/",
        f"/routines/{routine.pk}/play/run/",
    ]
    assert data["csrf"]


def test_the_list_takes_the_photos_of_ones_own_moves(alice_client, alice, routine, django_assert_max_num_queries):
    move = custom_move(alice, "Towel stretch", "towel-stretch")
    Exercise.objects.filter(pk=move.pk).update(photo="photos/a.webp", photo_thumb="photos/a-thumb.webp")
    routine.add_item(move)
    for n in range(10):
        Routine.objects.create(owner=alice, name=f"R{n}")
    with django_assert_max_num_queries(6):
        urls = alice_client.get("/offline/pages.json").json()["urls"]
    assert "/library/towel-stretch/photo/" in urls and "/library/towel-stretch/photo/thumb/" in urls
    assert len(urls) == 2 + 11 * 3 + 2


def test_nobody_signed_in_has_no_pages_to_keep(client, db):
    response = client.get("/offline/pages.json")
    assert response.status_code == 403
    assert response.json() == {"owner": None}


def test_pages_say_whose_they_are_and_nobody_elses(client, alice, bob, db):
    assert client.get("/accounts/login/")["Limber-Owner"] == ""
    client.force_login(alice)
    alices = client.get("/today/")["Limber-Owner"]
    client.force_login(bob)
    bobs = client.get("/today/")["Limber-Owner"]
    assert alices and bobs and alices != bobs
    assert "alice" not in alices
    assert "Limber-Owner" not in client.get("/healthz")


def test_the_kept_player_needs_no_check_in_and_carries_none(alice_client, routine):
    url = reverse("player:run", args=[routine.pk])
    assert alice_client.get(url).status_code == 302
    response = alice_client.get(url, HTTP_X_LIMBER_PRECACHE="1")
    assert response.status_code == 200
    found = re.search(r'id="player-data" type="application/json">(.*?)</script>', response.content.decode())
    data = json.loads(found.group(1))
    assert data["pain_before"] is None
    assert "X-Limber-Precache" in response["Vary"]


def test_the_kept_player_is_only_ever_ones_own(alice_client, bobs_routine):
    url = reverse("player:run", args=[bobs_routine.pk])
    assert alice_client.get(url, HTTP_X_LIMBER_PRECACHE="1").status_code == 404


def test_the_check_in_carries_every_red_flag_with_the_stop_pages_advice(alice_client, routine):
    from routines.safety import RED_FLAGS, TIERS

    html = alice_client.get(reverse("player:play", args=[routine.pk])).content.decode()
    data = json.loads(re.search(r'id="check-in-data" type="application/json">(.*?)</script>', html).group(1))
    assert [tier["key"] for tier in data["tiers"]] == [tier.key for tier in TIERS]
    assert list(data["flags"]) == [flag.key for flag in RED_FLAGS]
    assert data["flags"][RED_FLAGS[0].key]["advice"] == RED_FLAGS[0].advice
    assert data["urls"]["run"] == reverse("player:run", args=[routine.pk])


# Leaving


def test_logging_out_clears_this_browsers_copy(alice_client):
    response = alice_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_deleting_the_account_clears_this_browsers_copy(alice_client, alice, password):
    response = alice_client.post("/accounts/delete/", {"password": password, "confirm": "on"})
    assert response.status_code == 302, response.content
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_a_wrong_password_deletes_nothing_and_clears_nothing(alice_client):
    response = alice_client.post("/accounts/delete/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert "Clear-Site-Data" not in response


# Red flags sent with a result


def test_a_result_with_no_red_flags_is_saved(alice_client, routine):
    assert post_result(alice_client, routine, player_result(red_flags=[])).status_code == 200
    assert Session.objects.count() == 1


@pytest.mark.parametrize(
    ("flags", "message"),
    [(["dizziness"], "red flag (dizziness)"), (["no-such-sign"], "only the red flags"), ("dizziness", "as a list")],
)
def test_a_result_with_a_red_flag_is_refused_and_saves_nothing(alice_client, routine, flags, message):
    response = post_result(alice_client, routine, player_result(red_flags=flags))
    assert response.status_code == 400
    assert message in response.json()["errors"]["red_flags"]
    assert Session.objects.count() == 0
