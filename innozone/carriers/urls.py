from .urls_carriers import urlpatterns

app_name = "carriers"
__all__ = ["app_name", "urlpatterns"]
