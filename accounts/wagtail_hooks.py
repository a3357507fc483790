from django.urls import include, path, reverse
from wagtail import hooks

from accounts import views


@hooks.register("register_admin_urls")
def register_urls():
    urls = [
        path("activer/", views.enrol, name="enrol"),
        path("verifier/", views.verify, name="verify"),
    ]
    return [path("double-authentification/", include((urls, "accounts")))]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("accounts:enrol"),
        "label": "Double authentification",
        "help_text": "Un code de votre téléphone en plus du mot de passe (application TOTP).",
    }
