from django.test import Client
from django.urls import reverse


def test_every_page_carries_a_strict_content_security_policy(client, db):
    policy = client.get(reverse("pages:home")).headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"


def test_pages_refuse_framing_and_sniffing(client, db):
    response = client.get(reverse("pages:home"))
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_or_style(client, library):
    for url in [reverse("pages:home"), reverse("library:list"), reverse("pages:safety"), reverse("accounts:login")]:
        html = client.get(url).content.decode()
        assert "<script>" not in html, url
        assert "style=" not in html, url
        assert " onclick=" not in html, url


def test_a_post_without_a_csrf_token_is_refused(alice, password):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"), {"username": "alice", "password": password})
    assert response.status_code == 403
    assert "_auth_user_id" not in strict.session


def test_production_cookies_are_secure_and_hsts_is_on(settings, client, db):
    # What settings.py sets whenever DEBUG is off (check_deploy also asserts them).
    from django.conf import settings as live

    assert live.SESSION_COOKIE_SECURE and live.CSRF_COOKIE_SECURE
    assert live.SECURE_HSTS_SECONDS >= 31536000
    settings.SECURE_SSL_REDIRECT = False
    response = client.get(reverse("pages:home"), secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_health_check_answers_and_touches_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_the_liveness_check_skips_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz?db=0").content == b"ok\n"


def test_the_liveness_check_loads_no_session_nor_user_for_a_signed_in_person(alice_client, django_assert_num_queries):
    # The load balancer's browser-less checks and the benchmark's ceiling send a session
    # cookie too; loading the person for them cost two queries a request.
    with django_assert_num_queries(0):
        assert alice_client.get("/healthz?db=0").content == b"ok\n"


def test_health_check_refuses_other_methods(client, db):
    assert client.post("/healthz").status_code == 405
