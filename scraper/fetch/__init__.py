"""The fetch step: every HTTP request of the project, through one polite client."""

from scraper.fetch.client import (
    ROBOTS_TOKEN,
    Blocked,
    ContactRequired,
    Disallowed,
    Expect,
    FetchError,
    FetchStats,
    GaveUp,
    Gone,
    MemoryValidatorStore,
    OffsiteRedirect,
    PoliteClient,
    Response,
    RobotsUnavailable,
    TooLarge,
    UnexpectedStatus,
    ValidatorStore,
    check_contact,
    decode_text,
    looks_blocked,
    parse_retry_after,
    require_contact,
    user_agent,
)

__all__ = [
    "ROBOTS_TOKEN", "Blocked", "ContactRequired", "Disallowed", "Expect", "FetchError", "FetchStats", "GaveUp",
    "Gone", "MemoryValidatorStore", "OffsiteRedirect", "PoliteClient", "Response", "RobotsUnavailable", "TooLarge",
    "UnexpectedStatus", "ValidatorStore", "check_contact", "decode_text", "looks_blocked", "parse_retry_after",
    "require_contact", "user_agent",
]
