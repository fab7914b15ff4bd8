from django.urls import path

from .views import follows, organizer, participant, payments

app_name = "events"

urlpatterns = [
    path("registrations/<int:occurrence_id>/register/", participant.register_view, name="register"),
    path("me/", participant.me_view, name="me"),
    path("me/registrations/<int:pk>/cancel/", participant.cancel_view, name="cancel"),
    path("me/registrations/<int:pk>/pay/", participant.pay_view, name="pay"),
    path("follows/stop/<str:token>/", follows.stop_follow_emails, name="follow_emails_stop"),
    path("follows/<slug:slug>/emails/", follows.follow_emails_switch, name="follow_emails"),
    path("payments/stripe/webhook/", payments.stripe_webhook, name="stripe_webhook"),
    path("payments/<int:pk>/success/", participant.payment_success_view, name="payment_success"),
    path("payments/<int:pk>/cancelled/", participant.payment_cancelled_view, name="payment_cancelled"),
    path("organize/", organizer.organize_home, name="organize_home"),
    path("organize/events/<int:pk>/", organizer.event_overview, name="organize_event"),
    path("organize/events/<int:pk>/cancel/", organizer.cancel_event_view, name="organize_cancel_event"),
    path("organize/dates/<int:pk>/", organizer.attendees, name="organize_attendees"),
    path("organize/dates/<int:pk>/attendees.csv", organizer.attendees_csv, name="organize_csv"),
    path("organize/dates/<int:pk>/check-in/", organizer.check_in_page, name="organize_check_in"),
    path("organize/dates/<int:pk>/capacity/", organizer.capacity_view, name="organize_capacity"),
    path("organize/dates/<int:pk>/email/", organizer.email_view, name="organize_email"),
    path("organize/emails/<int:pk>/", organizer.email_progress, name="organize_email_progress"),
    path("organize/registrations/<int:pk>/cancel/", organizer.cancel_registration_view, name="organize_cancel"),
]
