"""The JSON-RPC protocol, answering requests it cannot read instead of dropping them.

pygls turns a request whose params fail validation (a negative position, a number past 2³¹)
into an exception while parsing, so the request is never answered (the client waits forever)
and the failure is reported as an internal error. Invalid client input is neither: it gets an
``InvalidParams`` error response naming the method, and the server goes on.
"""

from __future__ import annotations

import logging
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.protocol import LanguageServerProtocol

log = logging.getLogger(__name__)


class _Unreadable:
    """Stands in for a message that could not be read; ``handle_message`` skips it."""

    jsonrpc = "unreadable"


class ForgivingProtocol(LanguageServerProtocol):
    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            method = data.get("method")
            msg_id = data.get("id")
            if method is None or msg_id is None:
                log.info("ignored an unreadable %s notification", method or "JSON-RPC")
                return _Unreadable()
            if not isinstance(error, JsonRpcInvalidParams):
                error = JsonRpcInvalidParams()
            log.info("invalid params for %s (request %s)", method, msg_id)
            self._send_response(
                msg_id,
                error=types.ResponseError(
                    code=error.code, message=f"{method}: invalid params (a position or number out of range?)"
                ),
            )
            return _Unreadable()

    def handle_message(self, message: Any) -> None:
        if isinstance(message, _Unreadable):
            return
        super().handle_message(message)
