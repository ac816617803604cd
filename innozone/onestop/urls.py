from .urls_cases import urlpatterns as cases_urls
from .urls_catalogue import urlpatterns as catalogue_urls
from .urls_stats import urlpatterns as stats_urls

app_name = "onestop"
urlpatterns = [*catalogue_urls, *cases_urls, *stats_urls]
