from .urls_evaluation import urlpatterns as evaluation_urls
from .urls_records import urlpatterns as records_urls
from .urls_teams import urlpatterns as teams_urls

app_name = "platforms"
urlpatterns = [*records_urls, *teams_urls, *evaluation_urls]
