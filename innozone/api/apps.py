from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "innozone.api"
    label = "api"
    verbose_name = "API"
