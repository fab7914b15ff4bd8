from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("accounts/profile/", views.edit_profile, name="edit"),
    path("people/<id:pk>/", views.public_profile, name="profile"),
]
