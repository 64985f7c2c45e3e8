"""The Jupyter server side of the course: a kernel websocket connection
that stops a run of cells at the first one that fails.

JupyterLab's Run All sends every cell's execute_request at once, with
stop_on_error set, and relies on the kernel to answer the ones still
queued with "aborted" after an error, as ipykernel does. GoNB runs every
request it receives whatever happened before, so after a cell that does not
compile (a typo) or fails at run time, the later cells ran on, with the
last declarations that compiled. This connection, between the browser and
the kernel, hands the kernel one execute_request at a time; when one fails
and asked to stop on error, it answers the waiting ones as aborted itself
(an execute_reply and the idle status the browser waits for), so they show
as not run. It also tells a newly opened page the kernel's state, which
JupyterLab otherwise shows as "Unknown" until a cell runs: GoNB sends no
status when it starts.

jupyter_server_config.py, beside this file, installs it; the lab command
puts this folder on JUPYTER_CONFIG_PATH (package kernel, Environ).
"""

import json

from jupyter_client.jsonutil import json_default
from jupyter_server.services.kernels.connection.base import (
    deserialize_binary_message,
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

V1 = "v1.kernel.websocket.jupyter.org"


class StopOnErrorConnection(ZMQChannelsWebsocketConnection):
    """A kernel connection that forwards one execute_request at a time and
    aborts the waiting ones when the running one fails with stop_on_error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._running = None  # (header, content) of the request the kernel runs
        self._waiting = []  # (header, content, websocket message) not yet sent

    def connect(self):
        connected = super().connect()
        if connected is not None:
            connected.add_done_callback(lambda _: self._tell_state())
        return connected

    def handle_incoming_message(self, incoming_msg):
        try:
            channel, header, content = self._parse(incoming_msg)
        except Exception:  # not ours to judge: the base class reports it
            return super().handle_incoming_message(incoming_msg)
        if channel == "shell" and header.get("msg_type") == "execute_request":
            if self._running is not None:
                self._waiting.append((header, content, incoming_msg))
                return
            self._running = (header, content)
        super().handle_incoming_message(incoming_msg)

    def handle_outgoing_message(self, stream, outgoing_msg):
        super().handle_outgoing_message(stream, outgoing_msg)
        channel = stream if isinstance(stream, str) else getattr(stream, "channel", None)
        if channel != "shell" or self._running is None:
            return
        _, parts = self.session.feed_identities(outgoing_msg)
        header, parent, content = (self.session.unpack(parts[i]) for i in (1, 2, 4))
        running, asked = self._running
        if header.get("msg_type") != "execute_reply" or parent.get("msg_id") != running.get("msg_id"):
            return
        self._running = None
        if content.get("status") == "error" and asked.get("stop_on_error", True):
            for waiting, _, _ in self._waiting:
                self._abort(waiting)
            self._waiting = []
        if self._waiting:
            header, content, raw = self._waiting.pop(0)
            self._running = (header, content)
            super().handle_incoming_message(raw)

    def on_kernel_restarted(self):
        # What waited for the old kernel will not run: say so.
        for waiting, _, _ in self._waiting:
            self._abort(waiting)
        self._running, self._waiting = None, []
        super().on_kernel_restarted()

    def _parse(self, ws_msg):
        """The channel, header and content of a message from the browser."""
        if self.subprotocol == V1:
            channel, parts = deserialize_msg_from_ws_v1(ws_msg)
            return channel, self.session.unpack(parts[0]), self.session.unpack(parts[3])
        msg = deserialize_binary_message(ws_msg) if isinstance(ws_msg, bytes) else json.loads(ws_msg)
        return msg.get("channel") or "shell", msg["header"], msg.get("content", {})

    def _abort(self, request):
        """Answers request as ipykernel answers the requests it aborts."""
        self._send("shell", "execute_reply", {"status": "aborted", "execution_count": None}, request)
        self._send("iopub", "status", {"execution_state": "idle"}, request)

    def _tell_state(self):
        state = getattr(self.kernel_manager, "execution_state", None)
        if state in ("idle", "busy"):
            self._send("iopub", "status", {"execution_state": state}, None)

    def _send(self, channel, msg_type, content, parent):
        msg = self.session.msg(msg_type, content, parent=parent or {})
        if parent:
            # The kernel answers in the requester's session; so do we, or
            # JupyterLab would drop our answers as belonging to another.
            msg["header"]["session"] = parent.get("session", msg["header"]["session"])
        if self.subprotocol == V1:
            self.write_message(serialize_msg_to_ws_v1(msg, channel, self.session.pack), binary=True)
        else:
            msg["channel"] = channel
            self.write_message(json.dumps(msg, default=json_default))
