package vae

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestCgroupLimit(t *testing.T) {
	root := t.TempDir()
	write := func(path, body string) {
		t.Helper()
		p := filepath.Join(root, path)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("self-v2", "0::/user.slice/learner\n")
	write("user.slice/learner/memory.max", "1073741824\n")
	write("user.slice/learner/memory.current", "104857600\n")
	write("self-v1", "5:cpu,cpuacct:/x\n4:memory:/docker/abc\n")
	write("memory/docker/abc/memory.limit_in_bytes", "2147483648\n")
	write("memory/docker/abc/memory.usage_in_bytes", "1073741824\n")
	write("self-v2-unlimited", "0::/free\n")
	write("free/memory.max", "max\n")
	write("self-v1-unlimited", "4:memory:/\n")
	write("memory/memory.limit_in_bytes", "9223372036854771712\n")
	for _, tc := range []struct {
		self string
		room int64
		from string
	}{
		{"self-v2", 1<<30 - 100<<20, "memory.max"},
		{"self-v1", 1 << 30, "memory.limit_in_bytes"},
		{"self-v2-unlimited", 0, ""},
		{"self-v1-unlimited", 0, ""},
		{"missing", 0, ""},
	} {
		l, ok := cgroupLimit(filepath.Join(root, tc.self), root)
		if ok != (tc.from != "") || l.room != tc.room || !strings.Contains(l.from, tc.from) {
			t.Errorf("%s: limit %+v, %v; want room %d from %s", tc.self, l, ok, tc.room, tc.from)
		}
	}
}

// TestAddressSpaceLimit runs this test binary again under `ulimit -v`
// (3 GiB of address space), where a model of 2.6 GB of parameters and
// gradients cannot be allocated, whatever memory the machine has free:
// Validate must refuse it, naming the limit, rather than let the run die
// with "fatal error: out of memory"; a usual model still fits.
func TestAddressSpaceLimit(t *testing.T) {
	if os.Getenv("GOVAE_UNDER_ULIMIT") == "1" {
		err := Config{Kind: VAE, Hidden: 200000}.Validate()
		if err == nil || !strings.Contains(err.Error(), "RLIMIT_AS") {
			t.Fatalf("a 784-200000-20 model under ulimit -v: %v; want a refusal naming RLIMIT_AS", err)
		}
		t.Log(err)
		if err := (Config{Kind: VAE}).Validate(); err != nil {
			t.Fatalf("a 784-400-20 model under ulimit -v: %v", err)
		}
		return
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh to set the limit with")
	}
	cmd := exec.Command(sh, "-c", `ulimit -v 3145728 && exec "$0" -test.run '^TestAddressSpaceLimit$' -test.v`, os.Args[0])
	cmd.Env = append(os.Environ(), "GOVAE_UNDER_ULIMIT=1")
	out, err := cmd.CombinedOutput()
	t.Logf("under ulimit -v 3145728:\n%s", out)
	if err != nil {
		t.Fatal(err)
	}
}
