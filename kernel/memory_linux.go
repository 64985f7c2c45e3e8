package kernel

import (
	"os"
	"strconv"
	"strings"
)

// sampleTree measures the resident memory of pid and every process below
// it, from /proc: each process's parent and name from /proc/PID/stat, its
// resident pages from /proc/PID/statm. Processes that end while it reads
// are skipped.
func sampleTree(pid int) Memory {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return Memory{}
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
		if len(fields) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(fields[1])
		procs[p] = proc{ppid, s[open+1 : close]}
	}
	children := map[int][]int{}
	for p, pr := range procs {
		children[pr.ppid] = append(children[pr.ppid], p)
	}
	page := int64(os.Getpagesize())
	var m Memory
	for queue := []int{pid}; len(queue) > 0; queue = queue[1:] {
		p := queue[0]
		queue = append(queue, children[p]...)
		statm, err := os.ReadFile("/proc/" + strconv.Itoa(p) + "/statm")
		if err != nil {
			continue
		}
		f := strings.Fields(string(statm))
		if len(f) < 2 {
			continue
		}
		pages, _ := strconv.ParseInt(f[1], 10, 64)
		if pr, ok := procs[p]; ok {
			m.add(pr.comm, pages*page)
		}
	}
	return m
}
