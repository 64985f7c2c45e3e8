// Package kernel installs the GoNB Jupyter kernel inside a checkout of this
// repository and runs the notebooks headlessly through it.
//
// # Overview
//
// Everything lives inside the checkout, so nothing global is touched:
//
//	.tools/bin/    gonb (pinned in go.mod), goimports and gopls (pinned in tools/go.mod)
//	.jupyter/      JUPYTER_DATA_DIR: kernels/gonb/kernel.json points at .tools/bin/gonb
//	.tools/venv/   Python venv with the pinned Jupyter, made by the lab command when no Python has it
//	work/          the learner's copies of notebooks/*.ipynb, which the lab command opens
//
// GoNB looks goimports and go up on PATH each time it runs a cell, so every
// process that starts the kernel gets .tools/bin first on its PATH: [Environ]
// sets it, and kernel.json carries it too, with the bin folder of the Go
// that installed the kernel last, for a Jupyter started without go on its
// PATH ("env": {"PATH": ".../.tools/bin:${PATH}:/usr/local/go/bin"}).
//
// The commands, run from anywhere in the checkout:
//
//	go run ./kernel/cmd/lab                 # install (once), copy the notebooks to work/, open Jupyter Lab there
//	go run ./kernel/cmd/lab -install        # install or repair the kernel only
//	go run ./kernel/cmd/nbrun notebooks/01_*.ipynb         # run headlessly, print cell times
//	go run ./kernel/cmd/nbrun -write notebooks/01_*.ipynb  # ... and save the outputs into the file
//	go test -timeout 30m ./...              # library tests and every notebooks/*.ipynb
//
// go test skips the notebook tests, loudly (go test -v shows it), when
// Python has no nbclient, but fails them when the environment has CI set:
// see package kerneltest.
//
// # The first cell of every notebook
//
// GoNB compiles cells in a scratch module of its own, not in this module. The
// first code cell of every notebook wires the scratch module to the checkout
// (a replace rule to the repository root) and pins gonb, so that
// "github.com/janpfeifer/gonb/gonbui" resolves to the version in go.mod.
// Copy it exactly: [WiringCell] holds the text, and a test in notebooks/
// holds every notebook to it. It is safe to re-run,
// and must be re-run after a kernel restart:
//
//	!*ROOT="$GONB_DIR"; while [ ! -f "$ROOT/go.mod" ] && [ "$ROOT" != / ]; do ROOT="$(dirname "$ROOT")"; done; \
//	  MOD="$(cd "$ROOT" && go list -m)" && \
//	  go mod edit -require="$MOD@v0.0.0-00010101000000-000000000000" -replace="$MOD=$ROOT" && \
//	  go get github.com/janpfeifer/gonb@v0.11.4 2>/dev/null && echo "wired to $MOD"
//
// Give that cell the metadata "expect": ["wired to github.com/vaelab/govae"]
// so that a failed wiring is reported on the cell that caused it. Later cells
// import the project's packages by their import path, e.g.
// "github.com/vaelab/govae/vae".
//
// A cell that displays through gonbui must flush before its program ends,
// or GoNB may drop the display (it reads gonbui's pipe concurrently and
// stops when the program exits): start the %% part with
//
//	defer gonbui.Sync()
//
// # What makes a notebook fail
//
// GoNB marks a cell as failed (an output of type "error") when it does not
// compile and, from v0.11.4 on, when its program panics or exits non-zero,
// so that JupyterLab shows the cell as failed; but a failing `!` shell line
// still counts as "ok", and expected outputs are not GoNB's business. So
// [Execute] reads the executed notebook itself ([Scan]). A code cell fails when
//
//   - it has an output of type "error" (compile errors, failed go get, and a
//     failed run, reported once with its stderr);
//   - its stderr has a line matching `exit status \d+` or containing "panic:";
//   - its metadata lists "expect": ["substring", ...] and a substring is absent
//     from the cell's text outputs (stdout, stderr, text/plain, text/html,
//     text/markdown);
//   - it is tagged "expect-image" and shows no image: no image/* output
//     (gonbui.DisplayPng, DisplayImage) and no text/html holding <svg or <img
//     (gonbui.DisplaySvg sends its SVG as HTML).
//
// A cell tagged "raises-exception" (nbclient's convention) may fail on
// purpose: the first two checks are skipped for it. Tags and metadata are
// edited in Jupyter Lab's property inspector (the gear icon), e.g.
//
//	"metadata": {"tags": ["expect-image"], "expect": ["epoch 10"]}
//
// Problems name the cell by its position among all cells (1 is the first
// cell) and by its first line of source.
//
// # Errors
//
// Every function returns an error saying what to do next: [ErrNoGo] when go
// is not on PATH, [ErrNoJupyter] when Python lacks Jupyter, [ErrNotInRepo]
// outside a checkout or for a notebook outside one ([NotebookRoot]),
// an error for a missing or half-installed kernel (naming each
// missing tool and what it is for), and a [*CheckError] listing each
// failing cell. The lab and nbrun commands check go, Jupyter and the
// notebooks' places before installing anything, so a missing piece is
// reported at once rather than after minutes of compiling.
package kernel
