from django.urls import path

from .views import library, library_edit, library_fair

urlpatterns = [
    path("", library.library, name="library"),
    path("tree/", library.tree, name="tree"),
    path("clauses.xlsx", library.clauses_export, name="clauses_export"),
    path("p/new/", library_edit.policy_new, name="policy_new"),
    path("p/<int:pk>/", library.policy_detail, name="policy"),
    path("p/<int:pk>/edit/", library_edit.policy_edit, name="policy_edit"),
    path("p/<int:pk>/publish/", library_edit.publish, name="publish"),
    path("p/<int:pk>/withdraw/", library_edit.withdraw, name="withdraw"),
    path("p/<int:pk>/delete/", library_edit.policy_delete, name="policy_delete"),
    path("p/<int:pk>/attachments/", library_edit.attachment_add, name="attachment_add"),
    path("p/<int:pk>/fair-review/", library_fair.fair_review, name="fair_review"),
    path("p/<int:pk>/clauses/new/", library_edit.clause_new, name="clause_new"),
    path("attachments/<int:pk>/", library.attachment, name="attachment"),
    path("attachments/<int:pk>/remove/", library_edit.attachment_remove, name="attachment_remove"),
    path("clauses/<int:pk>/edit/", library_edit.clause_edit, name="clause_edit"),
    path("clauses/<int:pk>/retire/", library_edit.clause_retire, name="clause_retire"),
    path("clauses/<int:pk>/delete/", library_edit.clause_delete, name="clause_delete"),
    path("clauses/<int:pk>/test/", library_edit.rule_test, name="rule_test"),
    path("rules/describe/", library_edit.rule_describe, name="rule_describe"),
]
