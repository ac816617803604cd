from .urls_assets import urlpatterns as assets_urls

app_name = "ip"
urlpatterns = [*assets_urls]
