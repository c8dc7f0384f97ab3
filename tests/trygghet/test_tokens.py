"""An API token goes with the password and the account: a new password, by whatever path, or a
deactivated account, revokes the user's token, and the old one is then answered 401."""

import pytest
from django.contrib.auth.hashers import make_password
from rest_framework.authtoken.models import Token

from trygghet.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Trygg-Bro-2026!"


@pytest.fixture
def token(police):
    return Token.objects.create(user=police)


def answer_to(api, token):
    return api.get("/api/v1/categories/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code


def revocations(user):
    return list(AuditEntry.objects.filter(verb="token.revoked", object_id=str(user.pk))
                .values_list("changes", flat=True))


def test_a_token_works_until_its_user_changes_the_password_on_the_page(client, api, police,
                                                                       token):
    assert answer_to(api, token) == 200
    client.force_login(police)
    response = client.post("/konto/losenord/", {
        "old_password": "demo", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert answer_to(api, token) == 401
    assert not Token.objects.filter(user=police).exists()
    assert revocations(police) == [{"reason": "password_changed"}]


def test_an_administrator_setting_a_new_password_revokes_the_token(client, api, admin_user,
                                                                    police, token):
    client.force_login(admin_user)
    response = client.post(f"/admin/auth/user/{police.pk}/password/", {
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302
    assert answer_to(api, token) == 401
    assert revocations(police) == [{"reason": "password_changed"}]


def test_an_administrator_turning_off_password_login_revokes_the_token(client, api, admin_user,
                                                                        police, token):
    client.force_login(admin_user)
    response = client.post(f"/admin/auth/user/{police.pk}/password/", {
        "usable_password": "false", "unset-password": "1"})
    assert response.status_code == 302
    police.refresh_from_db()
    assert not police.has_usable_password()
    assert answer_to(api, token) == 401


def test_deactivating_the_account_in_the_admin_revokes_the_token(client, api, admin_user,
                                                                  police, token):
    client.force_login(admin_user)
    response = client.post(f"/admin/auth/user/{police.pk}/change/", {
        "username": police.username, "first_name": police.first_name,
        "last_name": police.last_name, "email": "", "date_joined_0": "2026-01-05",
        "date_joined_1": "08:00:00"})  # is_active unticked
    assert response.status_code == 302
    police.refresh_from_db()
    assert not police.is_active
    assert answer_to(api, token) == 401
    assert revocations(police) == [{"reason": "deactivated"}]


def test_set_password_and_save_in_code_revokes_the_token(api, police, token):
    police.set_password(NEW_PASSWORD)
    police.save()
    assert answer_to(api, token) == 401
    assert revocations(police) == [{"reason": "password_changed"}]


def test_other_changes_to_the_user_keep_the_token(client, api, police, token):
    police.first_name = "Polly"
    police.save()
    police.save(update_fields=["last_login"])
    client.post("/konto/logga-in/", {"username": "polis", "password": "demo"})  # last_login
    assert answer_to(api, token) == 200
    assert revocations(police) == []


def test_a_password_hash_upgraded_at_login_keeps_the_token(client, api, police, token,
                                                             settings):
    # Django re-hashes a password with its current hasher when the user logs in: the same
    # password, a new hash. A partner's token must survive an upgrade of Django.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher",
                                 "django.contrib.auth.hashers.MD5PasswordHasher"]
    police.password = make_password("demo", hasher="md5")
    police.save(update_fields=["password"])
    response = client.post("/konto/logga-in/", {"username": "polis", "password": "demo"})
    assert response.status_code == 302
    police.refresh_from_db()
    assert police.password.startswith("pbkdf2_sha256$")
    assert answer_to(api, token) == 200


def test_a_reactivated_account_does_not_get_its_old_token_back(api, police, token):
    police.is_active = False
    police.save()
    police.is_active = True
    police.save()
    assert answer_to(api, token) == 401


def test_a_new_role_counts_from_the_next_request_though_the_token_is_remembered(api, police,
                                                                                token, categories):
    """The token's user and membership are kept between requests; a change to them is not."""
    from django.db import connection
    from django.utils import timezone
    from django.test.utils import CaptureQueriesContext

    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    row = {"category": next(iter(categories.values())).pk, "latitude": 59.52, "longitude": 17.64,
           "occurred_at": timezone.localtime().replace(microsecond=0).isoformat()}
    assert api.get("/api/v1/categories/", **headers).status_code == 200
    with CaptureQueriesContext(connection) as asked:
        assert api.get("/api/v1/categories/", **headers).status_code == 200
    assert not any("authtoken_token" in query["sql"] for query in asked.captured_queries)
    # What is kept holds neither the key nor the password's hash.
    import pickle

    from django.core.cache import cache

    from trygghet.api.authentication import _slot
    from trygghet.members import _cache_key

    kept = cache.get(_cache_key(_slot(token.key)))
    assert kept is not None
    kept = pickle.dumps(kept)
    assert token.key.encode() not in kept and police.password.encode() not in kept
    assert api.post("/api/v1/observations/", row, format="json", **headers).status_code == 403

    membership = police.membership
    membership.role = "reporter"
    membership.save()
    assert api.post("/api/v1/observations/", row, format="json", **headers).status_code == 201

    membership.delete()
    assert api.post("/api/v1/observations/", row, format="json", **headers).status_code == 403


def test_a_server_with_an_empty_cache_answers_a_token_and_keeps_it(api, token):
    """As after a restart: nothing kept yet, not even the generation kept answers carry."""
    from django.core.cache import cache

    from trygghet.api.authentication import _slot
    from trygghet.members import GENERATION, _cache_key

    cache.delete_many([GENERATION, _cache_key(_slot(token.key))])
    assert answer_to(api, token) == 200
    assert cache.get(_cache_key(_slot(token.key))) is not None
    assert answer_to(api, token) == 200
