from django.urls import path

from . import views

app_name = "calendars"

urlpatterns = [
    path("submit-event/", views.submit_view, name="submit"),
    path("organize/submissions/", views.queue_view, name="queue"),
    path("organize/submissions/<id:pk>/", views.review_view, name="review"),
]
