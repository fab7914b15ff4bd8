from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("api/", views.api_docs, name="api_docs"),
    path("open-data/", views.open_data_page, name="open_data"),
    path("open-data/events.csv", views.events_csv, name="events_csv"),
    path("open-data/events.json", views.events_json, name="events_json"),
]
