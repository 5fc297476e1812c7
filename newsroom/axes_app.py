"""django-axes (the admin login throttle) under a Chinese name in the admin: its app has no verbose_name of its own,
so the admin would show "Axes". Installed in place of ``"axes"`` (the app label stays ``axes``)."""

from axes.apps import AppConfig


class AxesConfig(AppConfig):
    verbose_name = "登录防护"
