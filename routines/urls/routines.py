from django.urls import path

from ..views import routines as views
from ..views import suggestions

app_name = "routines"

urlpatterns = [
    path("", views.routine_list, name="list"),
    path("new/", views.routine_new, name="new"),
    path("starters/", views.starter_list, name="starters"),
    path("starters/<int:pk>/use/", views.starter_use, name="starter_use"),
    path("shared/<str:token>/", views.shared_detail, name="shared"),
    path("shared/<str:token>/copy/", views.shared_copy, name="shared_copy"),
    path("<int:pk>/", views.routine_detail, name="detail"),
    path("<int:pk>/edit/", views.routine_edit, name="edit"),
    path("<int:pk>/picker/", views.picker, name="picker"),
    path("<int:pk>/duplicate/", views.routine_duplicate, name="duplicate"),
    path("<int:pk>/delete/", views.routine_delete, name="delete"),
    path("<int:pk>/suggestion/accept/", suggestions.accept, name="suggestion_accept"),
    path("<int:pk>/suggestion/hide/", suggestions.hide, name="suggestion_hide"),
    path("<int:pk>/share/", views.routine_share, name="share"),
    path("<int:pk>/items/add/", views.item_add, name="item_add"),
    path("<int:pk>/items/restore/", views.item_restore, name="item_restore"),
    path("<int:pk>/items/<int:item_pk>/", views.item_update, name="item_update"),
    path("<int:pk>/items/<int:item_pk>/preview/", views.item_preview, name="item_preview"),
    path("<int:pk>/items/<int:item_pk>/move/", views.item_move, name="item_move"),
    path("<int:pk>/items/<int:item_pk>/remove/", views.item_remove, name="item_remove"),
]
