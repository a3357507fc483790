from django.urls import path

from actors import views

app_name = "actors"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("export.csv", views.export, name="export"),
    path("carte.geojson", views.geojson, name="geojson"),
    path("territoires.json", views.territory_suggestions, name="territory_suggestions"),
    path("territoire/", views.territory_index, name="territory_index"),
    path("territoire/<str:key>/", views.territory, name="territory"),
    path("territoire/<str:key>/etablissements-ess.csv", views.portrait_csv, name="portrait_csv"),
    path("<slug:slug>/", views.detail, name="detail"),
]
