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

A restarted kernel has forgotten what earlier cells declared (GoNB keeps
declarations, not values, from cell to cell). When a cell then fails
because a name is undefined, or because the kernel was never connected to
the course's Go packages (the first code cell does that), the connection
adds one line to the cell's output: which cells above it this kernel has
not run since it started, and how to run them.

jupyter_server_config.py, beside this file, installs it; the lab command
puts this folder on JUPYTER_CONFIG_PATH (package kernel, Environ).
"""

import asyncio
import json
import re

from jupyter_client.jsonutil import json_default
from jupyter_core.utils import ensure_async
from jupyter_server.services.kernels.connection.base import (
    deserialize_binary_message,
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

V1 = "v1.kernel.websocket.jupyter.org"

# The first code cell of every notebook (kernel.WiringCell) starts so.
WIRING = '!*ROOT="$GONB_DIR"'

# How GoNB's compile errors name what a cell uses but no cell declared.
UNDEFINED = re.compile(r"undefined: ([A-Za-z_]\w*)")


def declares(source, name):
    """Whether Go source declares name at the top level, roughly: func, type,
    var and const, single or in a list or a block."""
    n = re.escape(name)
    return bool(
        re.search(rf"(?m)^\s*(?:func|type)\s+{n}\b", source)
        or re.search(rf"(?m)^\s*(?:var|const)\s+(?:\w+\s*,\s*)*{n}\b", source)
        or re.search(rf"(?m)^[ \t]+(?:\w+\s*,\s*)*{n}(?:\s*,\s*\w+)*\s*(?:=|[A-Za-z\[*])", source)
    )


def hint(cells, ran, current, names):
    """The line to add to a failed cell's output, or None.

    cells: (number from 1, id, source) of the notebook's code cells, in
    order; ran: ids of the cells this kernel has run since it started;
    current: the failed cell's id; names: what the compiler found undefined."""
    above = []
    for number, cell_id, source in cells:
        if cell_id == current:
            break
        above.append((number, cell_id, source))
    missing = [(k, src) for k, cid, src in above if cid not in ran]
    if not missing:
        return None
    names = list(dict.fromkeys(names))
    declaring = [k for k, src in missing if any(declares(src, n) for n in names)]
    if declaring:
        found = [n for n in names if any(declares(src, n) for _, src in missing)]
        why = ("it declares " if len(declaring) == 1 else "they declare ") + ", ".join(found)
        numbers = declaring
    else:
        numbers = [k for k, src in missing if src.startswith(WIRING)]
        why = "it connects the kernel to the course's Go packages"
    if not numbers:
        return None
    which = f"cell {numbers[0]}" if len(numbers) == 1 else "cells " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"
    return (
        f"This kernel has not run {which} since it (re)started, and {why}: "
        "run the cells above this one first (Run › Run All Above Selected Cell), then this one again."
    )


class StopOnErrorConnection(ZMQChannelsWebsocketConnection):
    """A kernel connection that forwards one execute_request at a time,
    aborts the waiting ones when the running one fails with stop_on_error,
    adds the restart hint to a failed cell, and tells a new page the
    kernel's state."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._running = None  # (header, content, cell id) of the request the kernel runs
        self._running_process = None  # the kernel process it was sent to
        self._waiting = []  # ((header, content, cell id), websocket message) not yet sent
        self._runs = {}  # msg_id → what is known of a request sent to the kernel
        self._cells = []  # (number, id, source) of the notebook's code cells

    def _process(self):
        """The kernel's process id: it changes when the kernel restarts."""
        return getattr(getattr(self.kernel_manager, "provisioner", None), "pid", None)

    def _per_process(self, name):
        """A set kept on the kernel's manager, so that every page's
        connection shares it, and emptied when the kernel's process changes
        (a restart)."""
        km = self.kernel_manager
        process = self._process()
        if getattr(km, "govae_process_" + name, object()) != process:
            setattr(km, "govae_process_" + name, process)
            setattr(km, "govae_" + name, set())
        return getattr(km, "govae_" + name)

    @property
    def _inflight(self):
        """Ids of the execute requests this kernel process is running or
        has queued, from any page: whether it is busy."""
        return self._per_process("inflight")

    @property
    def _ran(self):
        """Ids of the cells this kernel process has run without error."""
        return self._per_process("ran")

    def connect(self):
        connected = super().connect()
        if connected is not None:
            connected.add_done_callback(lambda _: self._tell_state())
        return connected

    def handle_incoming_message(self, incoming_msg):
        try:
            channel, header, content, metadata = self._parse(incoming_msg)
        except Exception:  # not ours to judge: the base class reports it
            return super().handle_incoming_message(incoming_msg)
        if channel == "shell" and header.get("msg_type") == "execute_request":
            asyncio.ensure_future(self._read_notebook())
            request = (header, content, metadata.get("cellId"))
            if self._running is not None and self._running_process != self._process():
                # The kernel was restarted while it ran a cell (Kernel ›
                # Restart): that cell and the ones waiting for it will
                # never be answered by the new process.
                for (waiting, _, _), _ in self._waiting:
                    self._abort(waiting)
                self._running, self._waiting, self._runs = None, [], {}
            if self._running is not None:
                self._waiting.append((request, incoming_msg))
                return
            self._start(request)
        super().handle_incoming_message(incoming_msg)

    def _start(self, request):
        header, _, cell_id = request
        self._running, self._running_process = request, self._process()
        self._inflight.add(header.get("msg_id"))
        self._runs[header.get("msg_id")] = {"request": header, "cell": cell_id, "undefined": [], "status": None, "idle": False}

    def handle_outgoing_message(self, stream, outgoing_msg):
        channel = stream if isinstance(stream, str) else getattr(stream, "channel", None)
        replied = None
        if channel in ("shell", "iopub") and (self._runs or self._inflight):
            try:
                _, parts = self.session.feed_identities(outgoing_msg)
                header, parent, content = (self.session.unpack(parts[i]) for i in (1, 2, 4))
            except Exception:
                header, parent, content = {}, {}, {}
            run = self._runs.get(parent.get("msg_id"))
            kind = header.get("msg_type")
            if kind == "status" and content.get("execution_state") == "idle":
                # Every page sees every status: a request another page sent
                # (or this page before a reload) is done too.
                self._inflight.discard(parent.get("msg_id"))
            if run is not None and channel == "iopub":
                run["undefined"] += UNDEFINED.findall(json.dumps(content))
                if kind == "status" and content.get("execution_state") == "idle":
                    run["idle"] = True
                    self._finish(run)
            elif run is not None and kind == "execute_reply":
                run["status"] = replied = content.get("status")
                self._finish(run)
        super().handle_outgoing_message(stream, outgoing_msg)
        if replied is None:
            return
        running, asked, _ = self._running
        self._inflight.discard(running.get("msg_id"))
        self._running = None
        if replied == "error" and asked.get("stop_on_error", True):
            for (waiting, _, _), _ in self._waiting:
                self._abort(waiting)
            self._waiting = []
        if self._waiting:
            request, raw = self._waiting.pop(0)
            self._start(request)
            super().handle_incoming_message(raw)

    def _finish(self, run):
        """Once a request has both its reply and its idle status (in either
        order: they travel apart), records the cell as run, or adds the
        restart hint to its output. Called before the second is forwarded,
        while JupyterLab still takes the cell's outputs."""
        if run["status"] is None or not run["idle"]:
            return
        del self._runs[run["request"].get("msg_id")]
        if not run["cell"]:
            return
        if run["status"] == "ok":
            self._ran.add(run["cell"])
            return
        try:
            line = hint(self._cells, self._ran, run["cell"], run["undefined"]) if run["status"] == "error" else None
        except Exception as e:  # a hint is a courtesy: never break the cell
            self.log.warning("govae: no restart hint: %s", e)
            return
        if line:
            self._send("iopub", "stream", {"name": "stderr", "text": line + "\n"}, run["request"])

    async def _read_notebook(self):
        """Reads the code cells of the notebook this kernel serves (as last
        saved), for the restart hint."""
        try:
            handler = self.websocket_handler
            session = await ensure_async(handler.session_manager.get_session(kernel_id=self.kernel_id))
            model = await ensure_async(handler.contents_manager.get(session["path"], content=True, type="notebook"))
            cells = model["content"]["cells"]
            self._cells = [(i + 1, c.get("id"), c.get("source", "")) for i, c in enumerate(cells) if c.get("cell_type") == "code"]
        except Exception as e:
            self.log.debug("govae: cannot read the kernel's notebook: %s", e)

    def on_kernel_restarted(self):
        # The kernel died and was started again: what waited for the old
        # one will not run, so say so.
        for (waiting, _, _), _ in self._waiting:
            self._abort(waiting)
        self._running, self._waiting, self._runs = None, [], {}
        super().on_kernel_restarted()

    def _parse(self, ws_msg):
        """The channel, header, content and metadata of a message from the
        browser (JupyterLab puts the cell's id in the metadata)."""
        if self.subprotocol == V1:
            channel, parts = deserialize_msg_from_ws_v1(ws_msg)
            header, metadata, content = (self.session.unpack(parts[i]) for i in (0, 2, 3))
            return channel, header, content, metadata or {}
        msg = deserialize_binary_message(ws_msg) if isinstance(ws_msg, bytes) else json.loads(ws_msg)
        return msg.get("channel") or "shell", msg["header"], msg.get("content", {}), msg.get("metadata") or {}

    def _abort(self, request):
        """Answers request as ipykernel answers the requests it aborts."""
        self._send("shell", "execute_reply", {"status": "aborted", "execution_count": None}, request)
        self._send("iopub", "status", {"execution_state": "idle"}, request)

    def _tell_state(self):
        # Not the server's execution_state: GoNB sends no status when it
        # starts, so after a restart during a cell that still says "busy".
        state = "busy" if self._inflight else "idle"
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
