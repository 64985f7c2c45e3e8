"""Execute one notebook headlessly through a Jupyter kernel with nbclient.

Usage: python3 driver.py KERNEL CELL_TIMEOUT_SECONDS IN.ipynb OUT.ipynb RESULT.json DIR

Runs every code cell (errors do not stop the run: the Go side judges the
outputs), writes the executed notebook to OUT and {"cells": [{"index",
"seconds"}], "error", "cell"} to RESULT, and the kernel's own log to
kernel.log beside RESULT. The kernel runs in DIR. Prints "nbexec: cell N ..." progress
lines on stderr. Exits 3 when nbclient is missing. SIGTERM and SIGHUP stop the
run like Ctrl-C, shutting the kernel down. Embedded in package kernel; see execute.go.
"""

import json
import os
import signal
import sys
import time

try:
    import nbformat
    from nbclient import NotebookClient
except ImportError as e:
    print(f"nbexec-missing: {e}", file=sys.stderr)
    sys.exit(3)


# The processes below this one when a stop signal came: what must not
# outlive the run.
started = {}


def stop(signum, frame):
    """SIGTERM (sent when the Go side dies, or is told to stop) and SIGHUP
    end the run as Ctrl-C does: nbclient then shuts the kernel down, and
    the kernel its helpers (gopls) and the cell's program. Whoever read our
    output may be gone, so it goes nowhere from now on: a write to a closed
    pipe would end this process before the kernel is shut down. What the
    kernel started is noted first, for end_survivors."""
    started.update(tree(os.getpid()))
    devnull = open(os.devnull, "w")
    sys.stdout = sys.stderr = devnull
    os.dup2(devnull.fileno(), 1)
    os.dup2(devnull.fileno(), 2)
    raise KeyboardInterrupt(signal.Signals(signum).name)


def tree(root):
    """The processes below root, by pid, with their command names (Linux's
    /proc; elsewhere none)."""
    parent, comm = {}, {}
    for name in os.listdir("/proc") if os.path.isdir("/proc") else []:
        try:
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
        except (OSError, ValueError):
            continue
        left, right = stat.find("("), stat.rfind(")")
        fields = stat[right + 2 :].split()
        if name.isdigit() and left >= 0 and len(fields) > 1 and fields[0] != "Z":
            parent[int(name)], comm[int(name)] = int(fields[1]), stat[left + 1 : right]
    below, todo = {}, [root]
    while todo:
        p = todo.pop()
        for c, pp in parent.items():
            if pp == p and c not in below:
                below[c] = comm[c]
                todo.append(c)
    return below


def end_survivors():
    """Kills what the kernel had started and its shutdown left running: a
    kernel stopped in a hurry does not stop its helpers (gopls)."""
    for pid, name in started.items():
        try:
            with open(f"/proc/{pid}/stat") as f:
                still = f.read()
            if f"({name})" in still and still[still.rfind(")") + 2 :].split()[0] != "Z":
                os.kill(pid, signal.SIGKILL)
        except (OSError, ValueError, IndexError):
            pass


def main():
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    kernel, timeout, src, out, result, folder = sys.argv[1:7]
    nb = nbformat.read(src, as_version=4)
    cells, running = [], {}

    def on_execute(cell, cell_index, **_):
        running[cell_index] = time.monotonic()

    def on_executed(cell, cell_index, **_):
        seconds = time.monotonic() - running.pop(cell_index)
        cells.append({"index": cell_index, "seconds": seconds})
        print(f"nbexec: cell {cell_index + 1} done in {seconds:.2f}s", file=sys.stderr, flush=True)

    client = NotebookClient(
        nb,
        kernel_name=kernel,
        timeout=int(timeout),
        allow_errors=True,
        record_timing=False,
        resources={"metadata": {"path": folder}},
        on_cell_execute=on_execute,
        on_cell_executed=on_executed,
    )
    summary = {"cells": cells, "error": "", "cell": -1}
    # The kernel writes its log to a file beside the result, not to our
    # stderr: if whoever reads our stderr dies, a kernel writing to the
    # closed pipe would die at once, without stopping its helpers.
    kernel_log = open(os.path.join(os.path.dirname(os.path.abspath(result)), "kernel.log"), "wb")
    try:
        client.execute(stdout=kernel_log, stderr=kernel_log)
    except BaseException as e:  # timeouts, a dead kernel, Ctrl-C: keep what ran
        summary["error"] = f"{type(e).__name__}: {e}".strip()
        summary["cell"] = min(running) if running else -1
    end_survivors()
    nbformat.write(nb, out)
    with open(result, "w") as f:
        json.dump(summary, f)
    return 1 if summary["error"] else 0


if __name__ == "__main__":
    sys.exit(main())
