from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("", views.public, name="public"),
    path("head.json", views.head_json, name="head"),
    path("checkpoint", views.checkpoint, name="checkpoint"),
    path("consistency/<int:old>/<int:new>.json", views.consistency_json, name="consistency"),
]
