from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("accounts/data/", views.your_data, name="your_data"),
    path("accounts/data/export.json", views.export, name="export"),
    path("accounts/delete/", views.erase, name="erase"),
    path("accounts/deleted/", views.erased, name="erased"),
    path("privacy/", views.privacy_page, name="page"),
]
