from django.urls import path

from registrations import views

app_name = "registrations"
urlpatterns = [
    path("agenda/", views.agenda, name="agenda"),
    path("agenda/agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("agenda/rencontre/<int:page_id>.ics", views.meeting_ics, name="meeting_ics"),
    path("agenda/rencontre/<int:page_id>/inscription/", views.register, name="register"),
    path("inscriptions/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("inscriptions/gerer/<str:token>/", views.manage, name="manage"),
]
