package kernel

// WiringCell is the first code cell of every notebook, as in the package
// doc: it points GoNB's scratch module at the checkout holding the notebook
// (found by walking up from the notebook's folder to go.mod) and pins gonb
// for gonbui. It prints "wired to <module>" (not the checkout's path, which a saved
// notebook would otherwise carry to every other machine).
const WiringCell = `!*ROOT="$GONB_DIR"; while [ ! -f "$ROOT/go.mod" ] && [ "$ROOT" != / ]; do ROOT="$(dirname "$ROOT")"; done; \
  MOD="$(cd "$ROOT" && go list -m)" && \
  go mod edit -require="$MOD@v0.0.0-00010101000000-000000000000" -replace="$MOD=$ROOT" && \
  go get github.com/janpfeifer/gonb@v0.11.1 2>/dev/null && echo "wired to $MOD"`
