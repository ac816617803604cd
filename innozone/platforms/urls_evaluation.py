from django.urls import path

from .views import evaluation

urlpatterns = [
    path("conditions/", evaluation.conditions_list, name="conditions"),
    path("<int:pk>/conditions/", evaluation.condition_check, name="condition_check"),
    path("<int:pk>/figures/", evaluation.figures, name="figures"),
    path("evaluation/", evaluation.results, name="evaluation_results"),
]
