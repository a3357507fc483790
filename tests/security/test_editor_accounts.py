"""Accounts of editors (issue 22, item 12): login throttling of the admin and of page passwords, in French, and
two-factor authentication (TOTP) that any editor may enrol and that MAILLAGE_2FA_GROUPS enforces. Both modes."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import Group, Permission, User
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import PageViewRestriction

from testing import factories

pytestmark = pytest.mark.django_db
PASSWORD = "un-mot-de-passe-solide-42"


def code(device: TOTPDevice, offset: int = 0) -> str:
    return (
        f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset):06d}"
    )


@pytest.fixture
def editor(db):
    user = User.objects.create_user("redaction", password=PASSWORD)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def login(client, password=PASSWORD, address="192.0.2.1"):
    return client.post(
        "/admin/login/", {"username": "redaction", "password": password}, REMOTE_ADDR=address
    )


def test_admin_login_is_throttled_with_a_french_message(client, editor, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    statuses = [login(client, "mauvais").status_code for _ in range(5)]
    assert statuses == [200] * 4 + [
        429
    ]  # the form again with Wagtail's French error, then locked out
    refused = login(client)  # even the right password, now
    assert refused.status_code == 429
    page = refused.content.decode()
    assert (
        "Trop de tentatives de connexion échouées" in page and "réessayez dans 15 minutes" in page
    )
    assert '<html lang="fr">' in page
    # Another client address is not locked out by this one.
    assert login(client, address="198.51.100.4").status_code == 302


def test_page_password_is_throttled_per_client(client, db, media_root):
    index = factories.site_tree()
    page = factories.meeting(index, "Réunion du bureau")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type="password", password="bureau2024"
    )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"

    def attempt(password, address="192.0.2.9"):
        return client.post(url, {"password": password, "return_url": page.url}, REMOTE_ADDR=address)

    assert [attempt(f"essai{i}").status_code for i in range(5)] == [200] * 4 + [429]
    refused = attempt("bureau2024")
    assert refused.status_code == 429 and "Trop de tentatives" in refused.content.decode()
    assert attempt("bureau2024", address="198.51.100.5").status_code == 302


def test_an_enrolled_editor_gives_a_code_after_the_password(client, editor):
    client.force_login(editor)
    enrol = client.get("/admin/double-authentification/activer/")
    page = enrol.content.decode()
    assert enrol.status_code == 200 and "<svg" in page and "Scannez ce code QR" in page
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    wrong = client.post(
        "/admin/double-authentification/activer/",
        {"code": "000000" if code(device) != "000000" else "111111"},
    )
    assert "Ce code n&#x27;est pas valide" in wrong.content.decode()
    time.sleep(1.1)  # django-otp makes a device wait 1 s after a wrong code (then 2, 4…)
    assert (
        client.post("/admin/double-authentification/activer/", {"code": code(device)}).status_code
        == 302
    )
    device.refresh_from_db()
    assert device.confirmed
    # The account page offers it.
    assert "Double authentification" in client.get("/admin/account/").content.decode()
    client.post("/admin/logout/")
    # Password alone: the admin asks for the code first.
    assert login(client).status_code == 302
    response = client.get("/admin/account/")
    assert response.status_code == 302 and response["Location"].startswith(
        "/admin/double-authentification/verifier/"
    )
    assert "Code de connexion" in client.get(response["Location"]).content.decode()
    refused = client.post(
        "/admin/double-authentification/verifier/", {"code": "12345", "next": "/admin/account/"}
    )
    assert "Le code compte 6 chiffres" in refused.content.decode()
    device.refresh_from_db()
    accepted = client.post(
        "/admin/double-authentification/verifier/",
        {"code": code(device, 1), "next": "/admin/account/"},
    )
    assert accepted.status_code == 302 and accepted["Location"] == "/admin/account/"
    assert client.get("/admin/account/").status_code == 200


def test_a_group_can_require_two_factor_authentication(client, editor, settings):
    settings.MAILLAGE_2FA_GROUPS = ["Administrateurs"]
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200  # not in the group: optional
    editor.groups.add(Group.objects.create(name="Administrateurs"))
    response = client.get("/admin/")
    assert (
        response.status_code == 302
        and response["Location"] == "/admin/double-authentification/activer/"
    )
    page = client.get(response["Location"]).content.decode()
    assert "Votre groupe exige la double authentification" in page
