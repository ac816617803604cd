from django.urls import path

from .views import grants, matching

urlpatterns = [
    path("matching/", matching.mine, name="matching_mine"),
    path("clauses/<int:pk>/eligible/", matching.clause_eligible, name="matching_clause"),
    path("grant-lists/", grants.lists, name="grant_lists"),
    path("grant-lists/new/", grants.list_new, name="grant_list_new"),
    path("grant-lists/<int:pk>/", grants.list_detail, name="grant_list"),
    path("grant-lists/<int:pk>/submit/", grants.list_submit, name="grant_list_submit"),
    path("grant-lists/<int:pk>/decide/", grants.list_decide, name="grant_list_decide"),
    path("grant-entries/<int:pk>/exclude/", grants.entry_exclude, name="grant_entry_exclude"),
    path("grant-entries/<int:pk>/restore/", grants.entry_restore, name="grant_entry_restore"),
    path("grants/", grants.grants, name="grants_mine"),
    path("grants/<int:pk>/pay/", grants.grant_pay, name="grant_pay"),
    path("grants/<int:pk>/revoke/", grants.grant_revoke, name="grant_revoke"),
]
