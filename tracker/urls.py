from django.urls import path

from tracker.views import applications, board, companies, overview, quick_add

app_name = "tracker"

urlpatterns = [
    path("", overview.overview, name="overview"),
    path("applications/", applications.application_list, name="application_list"),
    path("applications/new/", applications.application_create, name="application_create"),
    path("applications/quick-add/", quick_add.quick_add, name="quick_add"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path("applications/<int:pk>/stage/", applications.application_stage, name="application_stage"),
    path(
        "applications/<int:pk>/delete/", applications.application_delete, name="application_delete"
    ),
    path("board/", board.board, name="board"),
    path("board/<int:pk>/move/", board.board_move, name="board_move"),
    path("companies/", companies.company_list, name="company_list"),
    path("companies/new/", companies.company_create, name="company_create"),
    path("companies/<int:pk>/", companies.company_detail, name="company_detail"),
    path("companies/<int:pk>/edit/", companies.company_edit, name="company_edit"),
    path("companies/<int:pk>/delete/", companies.company_delete, name="company_delete"),
]
