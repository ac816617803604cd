from .urls_chains import urlpatterns as chains_urls
from .urls_projects import urlpatterns as projects_urls

app_name = "investment"
urlpatterns = [*chains_urls, *projects_urls]
