"""Admin login throttling, by django-axes: after 5 failed logins for one user name from one address, that pair is
locked for 15 minutes after the last failure, with a Chinese message, even for the right password.

The settings (``AXES_*`` in ``newsroom/settings.py``) do the counting; axes keeps the counts as rows in the
database (``axes.AccessAttempt``), so every gunicorn worker and every machine shares them. This module holds
the three pieces axes calls back into:

- :func:`client_address`, the address a count belongs to (``AXES_CLIENT_IP_CALLABLE``);
- :class:`ThrottledAdminAuthenticationForm` (``admin.site.login_form``, set in ``newsroom/urls.py``), which
  shows axes' lockout message in place of "wrong password" once the pair is locked;
- :func:`lockout_response` (``AXES_LOCKOUT_CALLABLE``): that login page again, with status 429.
"""

from __future__ import annotations

import ipaddress

from axes.helpers import get_lockout_message
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpResponse


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or, behind the TLS proxy named in the settings, the address that
    proxy saw (the last X-Forwarded-For entry, the one it appended itself) when that is an IP address."""
    if getattr(settings, "LOGIN_THROTTLE_TRUST_X_FORWARDED_FOR", False):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            try:
                return str(ipaddress.ip_address(forwarded[-1]))
            except ValueError:  # not written by our proxy; the column is an IP address (inet on PostgreSQL)
                pass
    return request.META.get("REMOTE_ADDR", "")


def is_locked_out(request) -> bool:
    """Did axes lock this request's user name and address (on this failure, or before it)? Its backend and its
    failure handler set ``request.axes_locked_out``, the flag axes documents for this."""
    return bool(getattr(request, "axes_locked_out", False))


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    error_messages = {**AdminAuthenticationForm.error_messages, "locked": settings.AXES_COOLOFF_MESSAGE}

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            # A locked pair fails like a wrong password (axes' backend refuses it); say why instead.
            if self.request is not None and is_locked_out(self.request):
                raise ValidationError(self.error_messages["locked"], code="locked") from None
            raise


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """What ``AxesMiddleware`` sends for a locked request: the admin's login page as the view rendered it (with
    the lockout message from the form above) and axes' status, 429; axes' plain message for anything else."""
    if isinstance(original_response, HttpResponse):
        original_response.status_code = settings.AXES_HTTP_RESPONSE_CODE
        return original_response
    return HttpResponse(get_lockout_message(), status=settings.AXES_HTTP_RESPONSE_CODE)
