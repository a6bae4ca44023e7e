"""The pages app's own URL: the search (mounted at /recherche/ by portal/urls.py, by name)."""

from django.urls import path

from pages import views

urlpatterns = [
    path("", views.search, name="search"),
]
