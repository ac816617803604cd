from .urls_partners import urlpatterns as partners_urls

app_name = "cooperation"
urlpatterns = [*partners_urls]
