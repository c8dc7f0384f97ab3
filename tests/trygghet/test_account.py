import pytest

pytestmark = pytest.mark.django_db


def test_a_member_opts_in_to_report_email(client, police):
    client.force_login(police)
    page = client.get("/konto/installningar/").content.decode()
    assert "Polisen" in page and "Läsare" in page
    response = client.post("/konto/installningar/", {"lagesbild_email": "on"})
    assert response.status_code == 302
    police.membership.refresh_from_db()
    assert police.membership.lagesbild_email is True
    client.post("/konto/installningar/", {})
    police.membership.refresh_from_db()
    assert police.membership.lagesbild_email is False


def test_login_logout_and_password_change_are_in_swedish(client, police):
    assert "Användarnamn" in client.get("/konto/logga-in/").content.decode()
    response = client.post("/konto/logga-in/", {"username": "polis", "password": "fel"})
    assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()
    client.post("/konto/logga-in/", {"username": "polis", "password": "demo"})
    response = client.post("/konto/losenord/", {
        "old_password": "demo", "new_password1": "kort", "new_password2": "kort"})
    assert "för kort" in response.content.decode()
    response = client.post("/konto/losenord/", {
        "old_password": "demo", "new_password1": "Trygg-Bro-2026!", "new_password2": "Trygg-Bro-2026!"})
    assert response["Location"] == "/konto/losenord/klart/"
    client.post("/konto/logga-ut/")
    assert client.get("/observationer/").status_code == 302
