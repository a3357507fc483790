from django.urls import path

from alerts import feeds, views

app_name = "alerts"
urlpatterns = [
    path("recherche/flux.atom", feeds.search_feed, name="search_feed"),
    path("recherche/flux/", feeds.feed_page, name="feed_page"),
    path("alertes/abonnement/", views.subscribe, name="subscribe"),
    path("alertes/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("alertes/desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
