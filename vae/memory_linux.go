package vae

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// processLimits returns the room left under each memory limit the process
// has: RLIMIT_AS (ulimit -v) less the address space in use, RLIMIT_DATA
// less the data segment in use, and its cgroup's memory limit (a
// container's; cgroup v2 memory.max or v1 memory.limit_in_bytes) less
// what the cgroup uses. A limit that is not set or cannot be read is left
// out.
func processLimits() []limit {
	var out []limit
	status := procStatus("/proc/self/status")
	for _, r := range []struct {
		res   int
		field string
		name  string
	}{
		{unix.RLIMIT_AS, "VmSize", "the address-space limit (RLIMIT_AS, ulimit -v)"},
		{unix.RLIMIT_DATA, "VmData", "the data-segment limit (RLIMIT_DATA, ulimit -d)"},
	} {
		var rl unix.Rlimit
		if unix.Getrlimit(r.res, &rl) != nil || rl.Cur == unix.RLIM_INFINITY || rl.Cur > 1<<62 {
			continue
		}
		used := status[r.field]
		out = append(out, limit{int64(rl.Cur) - used, fmt.Sprintf("%s of %s, %s of it in use", r.name, size(int64(rl.Cur)), size(used))})
	}
	if l, ok := cgroupLimit("/proc/self/cgroup", "/sys/fs/cgroup"); ok {
		out = append(out, l)
	}
	return out
}

// procStatus reads the kB fields of /proc/self/status, in bytes.
func procStatus(path string) map[string]int64 {
	m := map[string]int64{}
	f, err := os.Open(path)
	if err != nil {
		return m
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if v, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64); ok && err == nil {
			m[name] = v << 10
		}
	}
	return m
}

// cgroupLimit returns the room under the memory limit of the process's
// cgroup, read from /proc/self/cgroup (selfCgroup) and the cgroup file
// system mounted at root: cgroup v2's memory.max less memory.current, or
// v1's memory.limit_in_bytes less memory.usage_in_bytes. No limit ("max",
// or v1's huge number) reports false.
func cgroupLimit(selfCgroup, root string) (limit, bool) {
	data, err := os.ReadFile(selfCgroup)
	if err != nil {
		return limit{}, false
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		switch {
		case parts[0] == "0" && parts[1] == "": // v2
			dir := filepath.Join(root, parts[2])
			if max, ok := readBytes(filepath.Join(dir, "memory.max")); ok {
				cur, _ := readBytes(filepath.Join(dir, "memory.current"))
				return limit{max - cur, fmt.Sprintf("the cgroup memory limit (%s, a container's) of %s, %s of it in use", filepath.Join(dir, "memory.max"), size(max), size(cur))}, true
			}
		case strings.Contains(","+parts[1]+",", ",memory,"): // v1
			dir := filepath.Join(root, "memory", parts[2])
			if _, err := os.Stat(dir); err != nil {
				dir = filepath.Join(root, "memory") // a container sees its own cgroup at the root
			}
			if max, ok := readBytes(filepath.Join(dir, "memory.limit_in_bytes")); ok && max < 1<<60 {
				cur, _ := readBytes(filepath.Join(dir, "memory.usage_in_bytes"))
				return limit{max - cur, fmt.Sprintf("the cgroup memory limit (%s, a container's) of %s, %s of it in use", filepath.Join(dir, "memory.limit_in_bytes"), size(max), size(cur))}, true
			}
		}
	}
	return limit{}, false
}

// readBytes reads a cgroup file holding one number of bytes; "max" and
// anything else that is not a number report false.
func readBytes(path string) (int64, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	return n, err == nil
}
