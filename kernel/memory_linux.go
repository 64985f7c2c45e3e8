package kernel

import (
	"os"
	"strconv"
	"strings"
)

// sampleTree measures the resident memory of pid and every process below
// it (ProcessTree), from /proc/PID/statm. Processes that end while it
// reads are skipped.
func sampleTree(pid int) Memory {
	page := int64(os.Getpagesize())
	var m Memory
	for p, comm := range ProcessTree(pid) {
		statm, err := os.ReadFile("/proc/" + strconv.Itoa(p) + "/statm")
		if err != nil {
			continue
		}
		f := strings.Fields(string(statm))
		if len(f) < 2 {
			continue
		}
		pages, _ := strconv.ParseInt(f[1], 10, 64)
		m.add(comm, pages*page)
	}
	return m
}

// ProcessTree returns pid and every live process below it, each with its
// command name (/proc/PID/stat's comm, at most 15 bytes): what a run
// started, to measure it or to check that none of it outlives the run.
// Zombies (ended, not yet reaped) are left out. Outside Linux it is empty.
func ProcessTree(pid int) map[int]string {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	type proc struct {
		ppid int
		comm string
	}
	procs := map[int]proc{}
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// "PID (comm) state PPID ...": comm may hold spaces and parentheses.
		s := string(stat)
		open, close := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || close < open {
			continue
		}
		fields := strings.Fields(s[close+1:])
		if len(fields) < 2 || fields[0] == "Z" {
			continue
		}
		ppid, _ := strconv.Atoi(fields[1])
		procs[p] = proc{ppid, s[open+1 : close]}
	}
	children := map[int][]int{}
	for p, pr := range procs {
		children[pr.ppid] = append(children[pr.ppid], p)
	}
	tree := map[int]string{}
	for queue := []int{pid}; len(queue) > 0; queue = queue[1:] {
		p := queue[0]
		if pr, ok := procs[p]; ok {
			tree[p] = pr.comm
		}
		queue = append(queue, children[p]...)
	}
	return tree
}
