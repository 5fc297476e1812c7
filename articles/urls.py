from django.urls import path, re_path

from . import feeds, views

app_name = "articles"

YEAR = r"(?P<year>[0-9]{4})"
MONTH = r"(?P<month>[0-9]{2})"
DAY = r"(?P<day>[0-9]{2})"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/", views.ArticleListView.as_view(), name="article_list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("topics/<slug:slug>/feed/", feeds.TopicFeed(), name="topic_feed"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
    path("archive/", views.ArchiveIndexView.as_view(), name="archive"),
    re_path(rf"^{YEAR}/$", views.YearArchiveView.as_view(), name="archive_year"),
    re_path(rf"^{YEAR}/{MONTH}/$", views.MonthArchiveView.as_view(), name="archive_month"),
    re_path(rf"^{YEAR}/{MONTH}/{DAY}/$", views.DayArchiveView.as_view(), name="archive_day"),
    re_path(rf"^print/{YEAR}/{MONTH}/{DAY}/(?P<number>[0-9]{{1,3}})/$", views.PrintPageView.as_view(), name="print_page"),
]
