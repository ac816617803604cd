app_name = "finance"
urlpatterns = []
