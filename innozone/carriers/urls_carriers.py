from django.urls import path

from .views import carriers, detail

urlpatterns = [
    path("", carriers.carrier_list, name="list"),
    path("board/", carriers.board, name="board"),
    path("new/", carriers.carrier_new, name="new"),
    path("<int:carrier_id>/", detail.detail, name="detail"),
    path("<int:carrier_id>/edit/", carriers.carrier_edit, name="edit"),
    path("<int:carrier_id>/units/", detail.units_add, name="units_add"),
    path("<int:carrier_id>/leases/", detail.lease_new, name="lease_new"),
    path("<int:carrier_id>/leases/<int:lease_id>/end/", detail.lease_end, name="lease_end"),
    path("<int:carrier_id>/graduations/", detail.graduation_new, name="graduation_new"),
    path("<int:carrier_id>/virtual/", detail.virtual_new, name="virtual_new"),
    path("<int:carrier_id>/virtual/<int:registration_id>/end/", detail.virtual_end, name="virtual_end"),
]
