from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "稿件"

    def ready(self):
        from . import signals  # noqa: F401 - connects the search index and the page cache to every write
