"""Stripe's wire format: nested form decoding, error bodies, ids, key masking, list pages."""

from __future__ import annotations

import re
import secrets
import string
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl

JSON = dict[str, Any]

_ALNUM = string.ascii_letters + string.digits
DOC_BASE = "https://docs.stripe.com/error-codes"
INTEGRATION_GUIDE = (
    "https://stripe.com/docs/terminal/payments/collect-card-payment"
    "?terminal-sdk-platform=server-driven#handle-errors"
)


def new_id(prefix: str, length: int = 24) -> str:
    """A Stripe-looking id: ``prefix`` + ``length`` random letters and digits."""
    return prefix + "".join(secrets.choice(_ALNUM) for _ in range(length))


def mask_key(key: str, fill: str = "****") -> str:
    """``sk_test_****abcd``: the mode prefix and the last four characters, never the whole key."""
    match = re.match(r"^((?:sk|rk|pk)_(?:test|live)_)", key)
    prefix = match.group(1) if match else ""
    return f"{prefix}{fill}{key[-4:]}"


class StripeError(Exception):
    """An error answered in Stripe's ``{"error": {...}}`` shape with an HTTP status."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        decline_code: str | None = None,
        extra: Mapping[str, Any] | None = None,
        save_idempotent: bool = True,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.param = param
        self.decline_code = decline_code
        self.extra = dict(extra or {})
        # Stripe saves an idempotent result only when the endpoint started executing:
        # parameter validation failures are not saved.
        self.save_idempotent = save_idempotent

    def body(self) -> JSON:
        error: JSON = {"type": self.type, "message": self.message}
        if self.code is not None:
            error["code"] = self.code
            error["doc_url"] = f"{DOC_BASE}#{self.code.replace('_', '-')}"
        if self.decline_code is not None:
            error["decline_code"] = self.decline_code
        if self.param is not None:
            error["param"] = self.param
        error.update(self.extra)
        return {"error": error}


def missing(param: str) -> StripeError:
    return StripeError(
        400,
        f"Missing required param: {param}.",
        code="parameter_missing",
        param=param,
        save_idempotent=False,
    )


def invalid(param: str, message: str, code: str | None = None) -> StripeError:
    return StripeError(400, message, code=code, param=param, save_idempotent=False)


def empty(param: str) -> StripeError:
    return StripeError(
        400,
        f"You passed an empty string for '{param}'. We assume empty values are an attempt to "
        f"unset a parameter; however '{param}' cannot be unset. You should remove '{param}' "
        "from your request or supply a non-empty value.",
        code="parameter_invalid_empty",
        param=param,
        save_idempotent=False,
    )


def unknown(param: str) -> StripeError:
    return StripeError(
        400,
        f"Received unknown parameter: {param}",
        code="parameter_unknown",
        param=param,
        save_idempotent=False,
    )


def no_such(kind: str, object_id: str, *, param: str = "id", status: int = 404) -> StripeError:
    return StripeError(
        status, f"No such {kind}: '{object_id}'", code="resource_missing", param=param
    )


def reader_busy() -> StripeError:
    return StripeError(
        409,
        "Reader is currently busy processing another request. Please reference the integration "
        f"guide at {INTEGRATION_GUIDE} for details on how to handle this error.",
        code="terminal_reader_busy",
    )


def reader_timeout() -> StripeError:
    return StripeError(
        400,
        "There was a timeout when sending this command to the reader. Please reference the "
        f"integration guide at {INTEGRATION_GUIDE} for details on how to handle this error.",
        code="terminal_reader_timeout",
    )


def reader_offline() -> StripeError:
    return StripeError(
        400,
        "Reader is currently offline, please ensure the reader is powered on and connected to "
        "the internet before retrying your request. Reference the integration guide at "
        "https://docs.stripe.com/terminal/payments/collect-card-payment"
        "?terminal-sdk-platform=server-driven#reader-offline for details on how to handle "
        "this error.",
        code="terminal_reader_offline",
    )


def rate_limited() -> StripeError:
    return StripeError(
        429,
        "Too many requests hit the API too quickly. We recommend an exponential backoff of "
        "your requests.",
        code="rate_limit",
        save_idempotent=False,
    )


# --------------------------------------------------------------------------- form decoding

_KEY_PART = re.compile(r"\[([^\[\]]*)\]")


def _split_key(key: str) -> list[str]:
    head, bracket, _rest = key.partition("[")
    if not bracket:
        return [key]
    return [head, *_KEY_PART.findall(key[len(head) :])]


_APPEND = "\x00append"


def _listify(node: Any, path: tuple[str, ...]) -> Any:
    if isinstance(node, dict):
        converted = {k: _listify(v, (*path, k)) for k, v in node.items()}
        is_metadata = "metadata" in path[-1:]
        keys = list(converted)
        if keys and not is_metadata and all(k.isdigit() or k.startswith(_APPEND) for k in keys):
            ordered = sorted(
                keys,
                key=lambda k: (1, int(k[len(_APPEND) :])) if k.startswith(_APPEND) else (0, int(k)),
            )
            return [converted[k] for k in ordered]
        return converted
    return node


def decode_form(body: str) -> JSON:
    """Decode ``a[b][0][c]=v`` / ``expand[]=x`` / ``expand[0]=x`` into nested dicts and lists."""
    root: JSON = {}
    counter = 0
    for raw_key, value in parse_qsl(body, keep_blank_values=True):
        parts = _split_key(raw_key)
        node: JSON = root
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            key = part
            if part == "":
                key = f"{_APPEND}{counter}"
                counter += 1
            if last:
                node[key] = value
            else:
                child = node.get(key)
                if not isinstance(child, dict):
                    child = {}
                    node[key] = child
                node = child
    result = _listify(root, ())
    assert isinstance(result, dict)
    return result


# --------------------------------------------------------------------------- lists


def parse_limit(params: Mapping[str, Any]) -> int:
    raw = params.get("limit")
    if raw is None or raw == "":
        return 10
    try:
        limit = int(str(raw))
    except ValueError:
        raise invalid("limit", f"Invalid integer: {raw}", "parameter_invalid_integer") from None
    if limit < 1:
        raise invalid("limit", "This value must be greater than or equal to 1.")
    if limit > 100:
        raise invalid("limit", "This value must be less than or equal to 100.")
    return limit


def paginate(
    items: Sequence[JSON],
    params: Mapping[str, Any],
    url: str,
    kind: str,
    render: Callable[[JSON], JSON] | None = None,
) -> JSON:
    """One page of ``items`` (already ordered newest first) as Stripe's list object."""
    limit = parse_limit(params)
    starting_after = params.get("starting_after") or None
    ending_before = params.get("ending_before") or None
    if starting_after and ending_before:
        raise invalid(
            "ending_before",
            "You may only specify one of these parameters: ending_before, starting_after.",
            "parameters_exclusive",
        )
    ids = [item["id"] for item in items]
    if starting_after:
        if starting_after not in ids:
            raise no_such(kind, str(starting_after), param="starting_after", status=400)
        start = ids.index(starting_after) + 1
        page = list(items[start : start + limit])
        has_more = start + limit < len(items)
    elif ending_before:
        if ending_before not in ids:
            raise no_such(kind, str(ending_before), param="ending_before", status=400)
        end = ids.index(ending_before)
        begin = max(0, end - limit)
        page = list(items[begin:end])
        has_more = begin > 0
    else:
        page = list(items[:limit])
        has_more = len(items) > limit
    data = [render(item) if render else item for item in page]
    return {"object": "list", "data": data, "has_more": has_more, "url": url}
