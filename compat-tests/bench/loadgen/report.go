package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// reportCmd reads DIR/run-*.json, prints the side-by-side table with the ratios, and writes DIR/results.md and
// DIR/results.json.
func reportCmd(args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: loadgen report DIR")
		return 2
	}
	dir := args[0]
	files, _ := filepath.Glob(filepath.Join(dir, "run-*.json"))
	sort.Strings(files)
	var rs []result
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		var r result
		if err := json.Unmarshal(b, &r); err != nil {
			fmt.Fprintln(os.Stderr, f, err)
			return 1
		}
		rs = append(rs, r)
	}
	md := markdown(rs)
	fmt.Print(md)
	b, _ := json.MarshalIndent(rs, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, "results.json"), append(b, '\n'), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := os.WriteFile(filepath.Join(dir, "results.md"), []byte(md), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

func ms(v float64) string {
	if v < 0 {
		return "n/a"
	}
	if v < 10 {
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}

func thousands(v int64) string {
	s := fmt.Sprintf("%d", v)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// perSpan is the storage cost per acknowledged span: disk after the server stopped, else the data directory at
// the end of the window, else (an in-memory store) the heap in use.
func perSpan(r result) string {
	if r.TotalAcked <= 0 {
		return "n/a"
	}
	switch {
	case r.DiskAfterBytes > 0:
		note := ""
		if r.DiskNote != "" {
			note = " (" + r.DiskNote + ")"
		}
		return fmt.Sprintf("%s B on disk%s", thousands(r.DiskAfterBytes/r.TotalAcked), note)
	case r.DiskBytes > 0:
		return fmt.Sprintf("%s B on disk (at load)", thousands(r.DiskBytes/r.TotalAcked))
	case r.HeapBytes > 0:
		kept := r.TotalAcked
		if r.RetainedMax > 0 && r.RetainedMax < kept {
			kept = r.RetainedMax // a bounded in-memory store holds only its newest spans
		}
		return fmt.Sprintf("%s B of heap", thousands(r.HeapBytes/kept))
	}
	return "n/a"
}

func markdown(rs []result) string {
	var sb strings.Builder
	sb.WriteString("| run | storage | in flight | spans/s acked | ack p50 / p99 ms | rejected / failed req | CPU s per 100k spans | RSS | heap used | per span | read back complete | trace read p50 ms | generator cores | load avg | steal |\n")
	sb.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rs {
		cpu := "n/a"
		if r.CPUPer100k > 0 {
			cpu = fmt.Sprintf("%.2f", r.CPUPer100k)
		}
		fmt.Fprintf(&sb, "| %s | %s | %d | %s | %s / %s | %d / %d | %s | %s | %s | %s | %d / %d | %s | %.3f | %s | %s |\n",
			r.Label, r.Storage, r.InFlight, thousands(int64(r.SpansPerSec)), ms(r.AckP50Ms), ms(r.AckP99Ms),
			r.RejectedReqs, r.FailedReqs, cpu, mib(r.RSSBytes), mib(r.HeapBytes), perSpan(r),
			r.VerifyComplete, r.VerifySampled, ms(r.ReadP50Ms), r.GenCores, r.LoadAvg, percent(r.StealPct))
	}
	ratios := ratioLines(rs)
	if len(ratios) > 0 {
		sb.WriteString("\n")
		for _, l := range ratios {
			sb.WriteString("- " + l + "\n")
		}
	}
	for _, r := range rs {
		if len(r.Queries) == 0 {
			continue
		}
		fmt.Fprintf(&sb, "\nQueries during %s (%.0f spans/s acked):\n\n| query | count | errors | p50 ms | p99 ms | first answer (cold, in the warm-up) ms | last answer |\n|---|---|---|---|---|---|---|\n",
			r.Label, r.SpansPerSec)
		for _, q := range r.Queries {
			fmt.Fprintf(&sb, "| %s | %d | %d | %s | %s | %s | %s |\n", q.Name, q.Count, q.Errors, ms(q.P50Ms), ms(q.P99Ms),
				ms(q.FirstMs), q.Note)
		}
	}
	return sb.String()
}

// ratioLines compares Pinscope with each other target at the same in-flight count: Pinscope over the same
// protocol when the other target ran it (OTLP/HTTP for Zipkin's proto3), throughput and CPU per span.
func ratioLines(rs []result) []string {
	type key struct {
		target, proto string
		inflight      int
	}
	by := map[key]result{}
	for _, r := range rs {
		if r.Rate == 0 {
			by[key{r.Target, r.Proto, r.InFlight}] = r
		}
	}
	var out []string
	for _, r := range rs {
		if r.Target == "pinscope" || r.Rate != 0 || r.SpansPerSec <= 0 {
			continue
		}
		proto := r.Proto
		if proto == "zipkin" {
			proto = "http"
		}
		p, ok := by[key{"pinscope", proto, r.InFlight}]
		if !ok || p.SpansPerSec <= 0 {
			continue
		}
		line := fmt.Sprintf("Pinscope (%s) / %s at %d in flight: %.1fx spans/s", p.Label, r.Label, r.InFlight,
			p.SpansPerSec/r.SpansPerSec)
		if p.CPUPer100k > 0 && r.CPUPer100k > 0 {
			line += fmt.Sprintf("; CPU per span %s / Pinscope: %.1fx", r.Label, r.CPUPer100k/p.CPUPer100k)
		}
		out = append(out, line)
	}
	return out
}

// percent prints a share measured in % ("n/a" when it could not be measured).
func percent(p float64) string {
	if p < 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f %%", p)
}
