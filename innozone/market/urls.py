from django.urls import path

from . import views

app_name = "market"
urlpatterns = [
    path("", views.home, name="home"),
    path("listings/<int:listing_id>/", views.listing_detail, name="listing"),
    path("listings/<int:listing_id>/book/", views.book, name="book"),
    path("listings/<int:listing_id>/withdraw/", views.withdraw, name="withdraw"),
    path("post/<str:kind>/", views.post, name="post"),
    path("mine/", views.mine, name="mine"),
    path("review/", views.review, name="review"),
    path("bookings/", views.bookings, name="bookings"),
    path("contracts/", views.contracts, name="contracts"),
    path("openness/", views.openness, name="openness"),
]
