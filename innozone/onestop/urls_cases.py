from django.urls import path

from .views import cases, ratings

urlpatterns = [
    path("cases/", cases.case_list, name="case_list"),
    path("cases/mine/", cases.case_mine, name="case_mine"),
    path("cases/queue/", cases.case_queue, name="case_queue"),
    path("cases/new/<int:item_id>/", cases.case_new, name="case_new"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/accept/", cases.case_accept, name="case_accept"),
    path("cases/<int:pk>/refuse/", cases.case_refuse, name="case_refuse"),
    path("cases/<int:pk>/correct/", cases.case_correct, name="case_correct"),
    path("cases/<int:pk>/answer/", cases.case_answer, name="case_answer"),
    path("cases/<int:pk>/supply/", cases.case_supply, name="case_supply"),
    path("cases/<int:pk>/withdraw/", cases.case_withdraw, name="case_withdraw"),
    path("cases/<int:pk>/pause/", cases.case_pause, name="case_pause"),
    path("cases/<int:pk>/resume/", cases.case_resume, name="case_resume"),
    path("cases/<int:pk>/extend/", cases.case_extend, name="case_extend"),
    path("cases/<int:pk>/decide/", cases.case_decide, name="case_decide"),
    path("cases/<int:pk>/branches/<int:task_id>/", cases.case_branch, name="case_branch"),
    path("cases/<int:pk>/result.pdf", cases.case_result, name="case_result"),
    path("cases/<int:pk>/files/<int:file_id>/", cases.case_file, name="case_file"),
    path("cases/<int:pk>/rating/", ratings.rating_create, name="rating_create"),
    path("cases/<int:pk>/rating/reply/", ratings.rating_reply, name="rating_reply"),
    path("ratings/", ratings.rating_list, name="rating_list"),
]
