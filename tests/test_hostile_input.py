"""Random and hostile values thrown at every form: never a 500, and a refused form writes nothing."""

from django.db.models import Model
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from routines.models import Exercise

HOSTILE = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=5000),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", " ", "\x00", "0", "-1", "1e309", "NaN", "<script>alert(1)</script>", "' OR 1=1 --", "☃" * 50]),
)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def form_data(fields: list[str]):
    """Some of the form's fields, each with a hostile value (missing fields included)."""
    return st.dictionaries(st.sampled_from(fields), HOSTILE)


def snapshot(*models: type[Model]) -> list:
    return [list(model.objects.order_by("pk").values()) for model in models]


def assert_handled(response) -> None:
    assert response.status_code < 500
    if response.status_code == 200 and "text/html" in response.headers.get("Content-Type", ""):
        # A re-rendered form says what is wrong.
        assert 'class="errorlist' in response.content.decode() or response.request["REQUEST_METHOD"] == "GET"


@FUZZ
@given(data=form_data(["username", "email", "password1", "password2", "timezone"]))
def test_sign_up_survives_hostile_input(client, db, data):
    before = User.objects.count()
    response = client.post(reverse("accounts:signup"), data)
    assert_handled(response)
    if response.status_code == 200:
        assert User.objects.count() == before
    client.logout()


@FUZZ
@given(data=form_data(["timezone", "sound_on", "voice_on", "lead_in_seconds", "keep_awake"]))
def test_settings_survive_hostile_input(alice_client, alice, data):
    before = snapshot(User)
    response = alice_client.post(reverse("accounts:settings"), data)
    assert_handled(response)
    if response.status_code == 200:
        assert snapshot(User) == before


@FUZZ
@given(data=form_data(["username", "password"]))
def test_login_survives_hostile_input(client, alice, data):
    response = client.post(reverse("accounts:login"), data)
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


@FUZZ
@given(data=form_data(["old_password", "new_password1", "new_password2"]))
def test_password_change_survives_hostile_input(alice_client, alice, password, data):
    response = alice_client.post(reverse("accounts:password_change"), data)
    assert_handled(response)
    alice.refresh_from_db()
    assert alice.check_password(password)


@FUZZ
@given(data=form_data(["email"]))
def test_password_reset_survives_hostile_input(client, db, data):
    assert_handled(client.post(reverse("accounts:password_reset"), data))


@FUZZ
@given(data=form_data(["q", "kind", "area", "position", "equipment"]))
def test_library_search_survives_hostile_input(client, library, data):
    before = snapshot(Exercise)
    response = client.get(reverse("library:list"), data)
    assert response.status_code == 200
    assert snapshot(Exercise) == before
