app_name = "vouchers"
urlpatterns: list = []
