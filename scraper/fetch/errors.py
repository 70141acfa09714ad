"""What can go wrong with a fetch: each ``str()`` is one sentence a user can act on."""

from __future__ import annotations


class FetchError(Exception):
    """Base of every fetch failure; ``str()`` is one clear sentence for the user."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class ContactRequired(FetchError):
    """A real (non-loopback) site needs a contact in the User-Agent, and none (or a bad one) was given."""


class RobotsUnavailable(FetchError):
    """robots.txt answered 5xx or could not be fetched: we do not crawl blind."""

    def __init__(self, message: str, *, url: str | None = None, retry_after_seconds: float | None = None) -> None:
        super().__init__(message, url=url)
        self.retry_after_seconds = retry_after_seconds


class Disallowed(FetchError):
    """robots.txt forbids this URL (raised before any request for it)."""


class OffsiteRedirect(FetchError):
    """The site redirected (or we were asked to go) outside the configured site."""

    def __init__(self, message: str, *, url: str | None = None, location: str | None = None) -> None:
        super().__init__(message, url=url)
        self.location = location


class Blocked(FetchError):
    """A challenge/block page (or HTML where JSON was expected) came back."""

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None) -> None:
        super().__init__(message, url=url)
        self.status = status


class GaveUp(FetchError):
    """Retries exhausted, or the site asked us to wait longer than the cap."""

    def __init__(self, message: str, *, url: str, retry_after_seconds: float, status: int | None = None) -> None:
        super().__init__(message, url=url)
        self.retry_after_seconds = retry_after_seconds
        self.status = status


class TooLarge(FetchError):
    """The response is bigger than ``max_bytes``."""


class Gone(FetchError):
    """403, 404 or 410 for this URL; the caller decides whether that means withdrawn."""

    def __init__(self, message: str, *, url: str | None = None, status: int) -> None:
        super().__init__(message, url=url)
        self.status = status


class UnexpectedStatus(FetchError):
    """Any other answer we cannot use (e.g. 400, 401, 405, a redirect loop); not retried."""

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None) -> None:
        super().__init__(message, url=url)
        self.status = status


class Transient(Exception):
    """An attempt failed in a way worth retrying (network, timeout, 5xx, 429)."""

    def __init__(self, reason: str, *, url: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.url = url
        self.status = status
        self.retry_after = retry_after
