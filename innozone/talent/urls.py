from .urls_draws import urlpatterns as draw_urls
from .urls_people import urlpatterns as people_urls

app_name = "talent"
urlpatterns = [*people_urls, *draw_urls]
