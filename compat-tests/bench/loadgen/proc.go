package main

import (
	"bufio"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// clockTicks is USER_HZ, 100 on every Linux build that matters here (sysconf needs cgo).
const clockTicks = 100

// cpuSeconds reads utime+stime of a process (or "self") from /proc/<pid>/stat; -1 when unreadable.
func cpuSeconds(pid string) float64 {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return -1
	}
	return parseStatCPU(string(b))
}

// parseStatCPU returns (utime+stime)/USER_HZ from a /proc/<pid>/stat line; the command name (field 2) may
// hold spaces and parentheses, so fields are counted after its closing parenthesis.
func parseStatCPU(stat string) float64 {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return -1
	}
	f := strings.Fields(stat[i+1:])
	// f[0] is field 3 (state); utime is field 14, stime field 15.
	if len(f) < 13 {
		return -1
	}
	u, _ := strconv.ParseFloat(f[11], 64)
	s, _ := strconv.ParseFloat(f[12], 64)
	return (u + s) / clockTicks
}

// machineTicks reads the machine's aggregate "cpu" line of /proc/stat: all ticks and the stolen ones (time
// the hypervisor gave to other guests while this one wanted to run); zeros when unreadable.
func machineTicks() (total, steal float64) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	return parseMachineTicks(string(b))
}

// parseMachineTicks sums the fields of the first "cpu " line (user nice system idle iowait irq softirq steal,
// then guest times that user and nice already count) and returns that sum and steal.
func parseMachineTicks(stat string) (total, steal float64) {
	line, _, _ := strings.Cut(stat, "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0, 0
	}
	for i := 1; i <= 8; i++ {
		v, _ := strconv.ParseFloat(f[i], 64)
		total += v
	}
	steal, _ = strconv.ParseFloat(f[8], 64)
	return total, steal
}

// stealPercent is the share of the machine's time stolen between two machineTicks readings; -1 when unknown.
func stealPercent(total0, steal0, total1, steal1 float64) float64 {
	if total1 <= total0 {
		return -1
	}
	return 100 * (steal1 - steal0) / (total1 - total0)
}

// statusBytes reads a "kB" line of /proc/<pid>/status (VmRSS, VmHWM) in bytes; -1 when absent.
func statusBytes(pid, key string) int64 {
	f, err := os.Open("/proc/" + pid + "/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, key+":") {
			fs := strings.Fields(line[len(key)+1:])
			if len(fs) > 0 {
				v, _ := strconv.ParseInt(fs[0], 10, 64)
				return v * 1024
			}
		}
	}
	return -1
}

// G1 prints one "garbage-first heap total …K, used …K" line; the parallel and serial collectors print a line per
// generation, whose used sizes add up to the heap's.
var heapUsed = regexp.MustCompile(`(?m)heap\s+total\s+(\d+)K,\s+used\s+(\d+)K`)
var generationUsed = regexp.MustCompile(`(?m)^\s*(?:PSYoungGen|ParOldGen|def new generation|tenured generation)\s+total\s+(\d+)K,\s+used\s+(\d+)K`)

// jvmHeapUsed asks `jcmd <pid> GC.heap_info` for the used heap in bytes, after a full GC when gc is set (the
// live heap); -1 when it fails.
func jvmHeapUsed(pid string, gc bool) int64 {
	if gc {
		exec.Command("jcmd", pid, "GC.run").Run()
	}
	out, err := exec.Command("jcmd", pid, "GC.heap_info").Output()
	if err != nil {
		return -1
	}
	return parseHeapInfo(string(out))
}

func parseHeapInfo(out string) int64 {
	if m := heapUsed.FindStringSubmatch(out); m != nil {
		v, _ := strconv.ParseInt(m[2], 10, 64)
		return v * 1024
	}
	gens := generationUsed.FindAllStringSubmatch(out, -1)
	if gens == nil {
		return -1
	}
	var sum int64
	for _, g := range gens {
		v, _ := strconv.ParseInt(g[2], 10, 64)
		sum += v * 1024
	}
	return sum
}

// metricSum sums the samples of one Prometheus metric (every label set) at url; -1 when absent.
func metricSum(url, name string) int64 {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var sum float64
	found := false
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, name) {
			continue
		}
		rest := line[len(name):]
		if len(rest) == 0 || (rest[0] != ' ' && rest[0] != '{') {
			continue
		}
		fs := strings.Fields(rest[strings.LastIndexByte(rest, '}')+1:])
		if len(fs) == 0 {
			continue
		}
		v, err := strconv.ParseFloat(fs[0], 64)
		if err == nil {
			sum += v
			found = true
		}
	}
	if !found {
		return -1
	}
	return int64(sum)
}

// dirBytes is the disk space allocated to the regular files under dir (st_blocks, so that preallocated or
// sparse files count as what they occupy), skipping the names in skip (e.g. a reserve file).
func dirBytes(dir string, skip map[string]bool) int64 {
	if dir == "" {
		return -1
	}
	var total int64
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || skip[d.Name()] {
			return nil
		}
		if info, err := d.Info(); err == nil && info.Mode().IsRegular() {
			if st, ok := info.Sys().(*syscall.Stat_t); ok {
				total += st.Blocks * 512
			} else {
				total += info.Size()
			}
		}
		return nil
	})
	return total
}

func mib(b int64) string {
	if b < 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
}
