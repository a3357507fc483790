from django.urls import path

from api import views

app_name = "api"
urlpatterns = [
    path("", views.api_docs, name="docs"),
    path("openapi.json", views.openapi_json, name="openapi"),
    path("widget/", views.widget, name="widget"),
    path("portrait/<str:key>/", views.portrait, name="portrait"),
]
