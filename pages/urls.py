"""The pages app's own URLs (mounted at the site root by portal/urls.py, by name)."""

from django.urls import path

from pages import views

urlpatterns = [
    path("recherche/", views.search, name="search"),
]
