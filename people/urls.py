from django.urls import path

from articles.feeds import PersonFeed

from . import views

app_name = "people"

urlpatterns = [
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("people/<slug:slug>/feed/", PersonFeed(), name="person_feed"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization_list"),
    path("suggest/", views.SuggestView.as_view(), name="suggest"),
    path("organizations/<slug:slug>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
]
