from django.urls import path

from search import views

app_name = "search"
urlpatterns = [
    path("recherche/", views.search_page, name="page"),
    path("api/search/", views.search_api, name="api"),
    path("api/autocomplete/", views.autocomplete_api, name="autocomplete"),
]
