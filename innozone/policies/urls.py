from .urls_library import urlpatterns as library_urls
from .urls_matching import urlpatterns as matching_urls

app_name = "policies"
urlpatterns = [*library_urls, *matching_urls]
