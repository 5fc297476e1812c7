from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "人物与机构"

    def ready(self):
        from . import signals  # noqa: F401 — portraits' and logos' files follow their rows
