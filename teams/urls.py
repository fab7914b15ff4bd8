from django.urls import path

from .views import judging, organizers, participants

app_name = "teams"

urlpatterns = [
    path("<int:event_id>/", participants.hub, name="hub"),
    path("<int:event_id>/teams/new/", participants.create_team, name="create_team"),
    path("<int:event_id>/join/", participants.join, name="join"),
    path("<int:event_id>/join/<str:code>/", participants.join, name="join_code"),
    path("<int:event_id>/teams/<int:team_id>/", participants.team_detail, name="team"),
    path("<int:event_id>/teams/<int:team_id>/leave/", participants.leave_team, name="leave_team"),
    path("<int:event_id>/teams/<int:team_id>/<slug:action>/", participants.team_action, name="team_action"),
    path(
        "<int:event_id>/requests/<int:request_id>/<str:answer>/",
        participants.answer_request,
        name="answer_request",
    ),
    path("<int:event_id>/board/", participants.board, name="board"),
    path("<int:event_id>/board/looking/", participants.set_looking, name="set_looking"),
    path("<int:event_id>/project/", participants.project_edit, name="project_edit"),
    path("<int:event_id>/project/withdraw/", participants.project_withdraw, name="project_withdraw"),
    path("<int:event_id>/project/image/", participants.project_image_upload, name="project_image_upload"),
    path("<int:event_id>/projects/<int:submission_id>/", participants.project_detail, name="project"),
    path("<int:event_id>/projects/<int:submission_id>/image", participants.project_image, name="project_image"),
    path("<int:event_id>/gallery/", participants.gallery, name="gallery"),
    path("<int:event_id>/vote/<int:submission_id>/", participants.vote, name="vote"),
    path("<int:event_id>/judge/", judging.home, name="judge_home"),
    path("<int:event_id>/judge/accept/<str:token>/", judging.accept, name="judge_accept"),
    path("<int:event_id>/judge/projects/<int:submission_id>/", judging.score, name="judge_score"),
    path("<int:event_id>/judge/conflicts/", judging.declare_conflict, name="judge_conflict"),
    path("<int:event_id>/judge/compare/", judging.compare, name="judge_compare"),
    path("<int:event_id>/organize/", organizers.organize, name="organize"),
    path("<int:event_id>/organize/<slug:action>/", organizers.organize_action, name="organize_action"),
    path("<int:event_id>/results/", organizers.results_page, name="results"),
    path("<int:event_id>/results.csv", organizers.results_csv, name="results_csv"),
]
