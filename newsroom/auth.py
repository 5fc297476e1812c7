"""Admin login throttling: after 5 failed logins for one user name from one address within 15 minutes, that
pair is locked until the 15 minutes are over, with a Chinese message, even for the right password.

Failures are counted by a ``user_login_failed`` receiver (Django sends it from ``authenticate()``, with the
request) in Django's cache; a successful login clears the count. The admin uses
:class:`ThrottledAdminAuthenticationForm` (``newsroom/urls.py`` sets ``admin.site.login_form``), which refuses
a locked pair before the password is even checked. With several server processes the cache must be shared
(Redis, see docs/deploy.md); a per-process cache still throttles, per process.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.dispatch import receiver

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
LOCKED_MESSAGE = "登录失败次数过多，该账号已被暂时锁定，请 15 分钟后再试。"


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or, behind the TLS proxy named in the settings, the address that
    proxy saw (the last X-Forwarded-For entry, the one it appended itself)."""
    if getattr(settings, "LOGIN_THROTTLE_TRUST_X_FORWARDED_FOR", False):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


def _key(username: str, request) -> str:
    raw = f"{(username or '').strip().lower()[:150]}|{client_address(request)}"
    return "login-failures:" + hashlib.sha256(raw.encode()).hexdigest()


def failures(username: str, request) -> int:
    return cache.get(_key(username, request), 0)


def is_locked(username: str, request) -> bool:
    return failures(username, request) >= MAX_FAILURES


@receiver(user_login_failed, dispatch_uid="newsroom.auth.count_failure")
def count_failure(sender, credentials, request=None, **kwargs) -> None:
    if request is None:
        return
    key = _key(credentials.get("username", ""), request)
    # The window starts at the first failure: add() sets the expiry once, incr() keeps it.
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, WINDOW_SECONDS)


@receiver(user_logged_in, dispatch_uid="newsroom.auth.clear_failures")
def clear_failures(sender, request=None, user=None, **kwargs) -> None:
    if request is not None and user is not None:
        cache.delete(_key(user.get_username(), request))


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    error_messages = {**AdminAuthenticationForm.error_messages, "locked": LOCKED_MESSAGE}

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and self.request is not None and is_locked(username, self.request):
            raise ValidationError(self.error_messages["locked"], code="locked")
        return super().clean()
