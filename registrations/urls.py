from django.urls import path

from . import views

app_name = "registrations"

urlpatterns = [
    path("", views.my_registrations, name="mine"),
    path("<int:registration_id>/annuler/", views.cancel_view, name="cancel"),
    path("sessions/<int:session_id>/inscrire/", views.register_view, name="register"),
    path("sessions/<int:session_id>/session.ics", views.session_ics, name="session_ics"),
    path("sessions/<int:session_id>/presences/", views.attendance_view, name="attendance"),
    path("sessions/<int:session_id>/presences/ajouter/", views.walk_in_view, name="walk_in"),
    path("sessions/<int:session_id>/emargement/", views.sign_sheet_view, name="sign_sheet"),
    path("saisons/<int:season_id>/sessions.ics", views.season_ics, name="season_ics"),
    path("saisons/<int:season_id>/tableau-de-bord/", views.dashboard_view, name="dashboard"),
    path(
        "saisons/<int:season_id>/tableau-de-bord/export/<str:fmt>/",
        views.dashboard_export_view,
        name="dashboard_export",
    ),
    path(
        "saisons/<int:season_id>/tableau-de-bord/services/export/<str:fmt>/",
        views.dashboard_services_export_view,
        name="dashboard_services_export",
    ),
    path("sessions/<int:session_id>/equipe/", views.team_view, name="team"),
    path("demandes/", views.requests_view, name="requests"),
    path(
        "demandes/<int:response_id>/session/",
        views.request_session_view,
        name="request_session",
    ),
    path("agenda/", views.feed_reset_view, name="feed_reset"),
    path("agenda/<str:token>/inscriptions.ics", views.feed_view, name="feed"),
    path(
        "agenda/<str:token>/saisons/<int:season_id>.ics",
        views.season_feed_view,
        name="season_feed",
    ),
]
