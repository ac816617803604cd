from django.urls import path

from .views import decisions, reviews

urlpatterns = [
    path("reviews/", reviews.my_reviews, name="my_reviews"),
    path("reviews/<int:review_id>/", reviews.review_detail, name="review"),
    path("reviews/<int:review_id>/others/", reviews.review_others, name="review_others"),
    path("reviews/<int:review_id>/files/<int:file_id>/", reviews.review_file, name="review_file"),
    path("reviews/<int:review_id>/decline/", reviews.review_decline, name="review_decline"),
    path("reviews/<int:review_id>/rate/", reviews.review_rate, name="review_rate"),
    path("review-calls/", reviews.review_calls, name="review_calls"),
    path("calls/<int:call_id>/ranking/", reviews.call_ranking, name="ranking"),
    path("calls/<int:call_id>/ranking.xlsx", reviews.call_ranking_xlsx, name="ranking_xlsx"),
    path("calls/<int:call_id>/draw/", reviews.call_draw, name="call_draw"),
    path("applications/<int:application_id>/reviews/", reviews.application_reviews, name="application_reviews"),
    path("calls/<int:call_id>/meetings/", decisions.call_meetings, name="meetings"),
    path("calls/<int:call_id>/meetings/add/", decisions.meeting_add, name="meeting_add"),
    path("calls/<int:call_id>/consensus/", decisions.consensus_add, name="consensus_add"),
    path("calls/<int:call_id>/pack/", decisions.call_pack, name="pack"),
    path("calls/<int:call_id>/pack.pdf", decisions.call_pack_pdf, name="pack_pdf"),
    path("calls/<int:call_id>/pack.xlsx", decisions.call_pack_xlsx, name="pack_xlsx"),
    path("calls/<int:call_id>/decisions/", decisions.call_decisions, name="decisions"),
    path("calls/<int:call_id>/decisions/save/", decisions.decisions_save, name="decisions_save"),
    path("calls/<int:call_id>/publicity/", decisions.publicity_start, name="award_publicity_start"),
    path("calls/<int:call_id>/publicity/decide/", decisions.publicity_decide, name="award_publicity_decide"),
    path("awards/<int:award_id>/", decisions.award_letter, name="award_letter"),
    path("awards/<int:award_id>/letter.pdf", decisions.award_letter_download, name="award_letter_pdf"),
]
