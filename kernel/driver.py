"""Execute one notebook headlessly through a Jupyter kernel with nbclient.

Usage: python3 driver.py KERNEL CELL_TIMEOUT_SECONDS IN.ipynb OUT.ipynb RESULT.json DIR

Runs every code cell (errors do not stop the run: the Go side judges the
outputs), writes the executed notebook to OUT and {"cells": [{"index",
"seconds"}], "error", "cell"} to RESULT. The kernel runs in DIR. Prints "nbexec: cell N ..." progress
lines on stderr. Exits 3 when nbclient is missing. Embedded in package kernel; see execute.go.
"""

import json
import os
import sys
import time

try:
    import nbformat
    from nbclient import NotebookClient
except ImportError as e:
    print(f"nbexec-missing: {e}", file=sys.stderr)
    sys.exit(3)


def main():
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
    try:
        client.execute()
    except BaseException as e:  # timeouts, a dead kernel, Ctrl-C: keep what ran
        summary["error"] = f"{type(e).__name__}: {e}".strip()
        summary["cell"] = min(running) if running else -1
    nbformat.write(nb, out)
    with open(result, "w") as f:
        json.dump(summary, f)
    return 1 if summary["error"] else 0


if __name__ == "__main__":
    sys.exit(main())
