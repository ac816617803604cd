from django.urls import path

from .views import draws

urlpatterns = [
    path("draws/", draws.draw_list, name="draws"),
    path("draws/new/", draws.draw_new, name="draw_new"),
    path("draws/<int:draw_id>/", draws.draw_detail, name="draw_detail"),
    path("reviews/", draws.my_reviews, name="my_reviews"),
    path("reviews/<int:assignment_id>/", draws.assignment_detail, name="assignment"),
    path("reviews/<int:assignment_id>/rate/", draws.assignment_rate, name="assignment_rate"),
]
