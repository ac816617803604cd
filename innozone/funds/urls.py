from .urls_calls import urlpatterns as calls_urls
from .urls_projects import urlpatterns as projects_urls
from .urls_reviews import urlpatterns as reviews_urls

app_name = "funds"
urlpatterns = [*calls_urls, *reviews_urls, *projects_urls]
