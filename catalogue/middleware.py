"""Cross-cutting request handling: request logs, security headers, database outages."""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

request_log = logging.getLogger("catalogue.request")


class RequestLogMiddleware:
    """One structured log line per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        request_log.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy, which Django 5.2 does not set itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class DatabaseUnavailableMiddleware:
    """A database outage shows a 503 page instead of a traceback; the next request reconnects."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        request_log.warning(
            "database unavailable", extra={"path": request.path, "error": str(exception)}
        )
        # Rendered without a request context: context processors may need the database too.
        html = render_to_string("503.html", {"site_name": settings.SITE_NAME})
        response = HttpResponse(html, status=503)
        response["Retry-After"] = "5"
        return response
