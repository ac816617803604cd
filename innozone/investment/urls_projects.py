from django.urls import path

from .views import fairs, projects

urlpatterns = [
    path("projects/", projects.board, name="board"),
    path("projects/new/", projects.project_new, name="project_new"),
    path("projects/import/", projects.projects_import, name="projects_import"),
    path("projects/import/template/", projects.projects_template, name="projects_template"),
    path("projects/<int:pk>/", projects.project, name="project"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("projects/<int:pk>/move/", projects.project_move, name="project_move"),
    path("projects/<int:pk>/note/", projects.project_note, name="project_note"),
    path("projects/<int:pk>/funds/", projects.project_funds, name="project_funds"),
    path("projects/<int:pk>/drop/", projects.project_drop, name="project_drop"),
    path("fairs/", fairs.fairs, name="fairs"),
    path("fairs/new/", fairs.fair_new, name="fair_new"),
    path("fairs/<int:pk>/", fairs.fair, name="fair"),
]
