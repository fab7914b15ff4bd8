from django.urls import path

from .views import judging, organizers, participants

app_name = "teams"

urlpatterns = [
    path("<id:event_id>/", participants.hub, name="hub"),
    path("<id:event_id>/teams/new/", participants.create_team, name="create_team"),
    path("<id:event_id>/join/", participants.join, name="join"),
    path("<id:event_id>/join/<str:code>/", participants.join, name="join_code"),
    path("<id:event_id>/teams/<id:team_id>/", participants.team_detail, name="team"),
    path("<id:event_id>/teams/<id:team_id>/leave/", participants.leave_team, name="leave_team"),
    path("<id:event_id>/teams/<id:team_id>/<slug:action>/", participants.team_action, name="team_action"),
    path(
        "<id:event_id>/requests/<id:request_id>/<str:answer>/",
        participants.answer_request,
        name="answer_request",
    ),
    path("<id:event_id>/board/", participants.board, name="board"),
    path("<id:event_id>/board/looking/", participants.set_looking, name="set_looking"),
    path("<id:event_id>/project/", participants.project_edit, name="project_edit"),
    path("<id:event_id>/project/withdraw/", participants.project_withdraw, name="project_withdraw"),
    path("<id:event_id>/project/image/", participants.project_image_upload, name="project_image_upload"),
    path("<id:event_id>/projects/<id:submission_id>/", participants.project_detail, name="project"),
    path("<id:event_id>/projects/<id:submission_id>/image", participants.project_image, name="project_image"),
    path("<id:event_id>/gallery/", participants.gallery, name="gallery"),
    path("<id:event_id>/vote/<id:submission_id>/", participants.vote, name="vote"),
    path("<id:event_id>/judge/", judging.home, name="judge_home"),
    path("<id:event_id>/judge/accept/<str:token>/", judging.accept, name="judge_accept"),
    path("<id:event_id>/judge/projects/<id:submission_id>/", judging.score, name="judge_score"),
    path("<id:event_id>/judge/conflicts/", judging.declare_conflict, name="judge_conflict"),
    path("<id:event_id>/judge/compare/", judging.compare, name="judge_compare"),
    path("<id:event_id>/organize/", organizers.organize, name="organize"),
    path("<id:event_id>/organize/<slug:action>/", organizers.organize_action, name="organize_action"),
    path("<id:event_id>/results/", organizers.results_page, name="results"),
    path("<id:event_id>/results.csv", organizers.results_csv, name="results_csv"),
]
