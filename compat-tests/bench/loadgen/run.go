package main

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	mrand "math/rand/v2"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// result is what one run writes as JSON (and what `report` reads back).
type result struct {
	Label          string  `json:"label"`
	Target         string  `json:"target"`
	Proto          string  `json:"proto"`
	Storage        string  `json:"storage"`
	InFlight       int     `json:"inFlight"`
	Rate           float64 `json:"rateSpansPerSec,omitempty"`
	SpansPerReq    int     `json:"spansPerRequest"`
	RequestBytes   int     `json:"requestBytes"`
	WarmupSec      float64 `json:"warmupSeconds"`
	WindowSec      float64 `json:"windowSeconds"`
	AckedSpans     int64   `json:"ackedSpans"`
	SpansPerSec    float64 `json:"spansPerSecond"`
	AckP50Ms       float64 `json:"ackP50Ms"`
	AckP99Ms       float64 `json:"ackP99Ms"`
	RejectedReqs   int     `json:"rejectedRequests"`
	FailedReqs     int     `json:"failedRequests"`
	ServerCPUSec   float64 `json:"serverCpuSeconds"`
	CPUPer100k     float64 `json:"cpuSecondsPer100kSpans"`
	GenCores       float64 `json:"generatorCores"`
	RSSBytes       int64   `json:"rssBytes"`
	PeakRSSBytes   int64   `json:"peakRssBytes"`
	HeapBytes      int64   `json:"heapUsedBytes"`
	DiskBytes      int64   `json:"diskBytesAtEnd"`
	TotalAcked     int64   `json:"totalAckedSpans"`
	TotalRejected  int     `json:"totalRejectedRequests"`
	TotalFailed    int     `json:"totalFailedRequests"`
	FirstError     string  `json:"firstError,omitempty"`
	VerifySampled  int     `json:"verifySampled"`
	VerifyComplete int     `json:"verifyComplete"`
	ReadP50Ms      float64 `json:"readP50Ms"`
	LoadAvg        string  `json:"loadAvg"`
	// StealPct is the machine's time stolen by the hypervisor in the window, in % (-1 unknown): on a shared VM
	// a busy neighbour lowers every figure of a run without showing in the load average.
	StealPct float64     `json:"stealPercent"`
	Queries  []queryStat `json:"queries,omitempty"`
	// DiskAfterBytes and DiskNote are filled in by the runner after the server stopped (see report).
	RetainedMax    int64  `json:"retainedMaxSpans,omitempty"`
	DiskAfterBytes int64  `json:"diskAfterBytes,omitempty"`
	DiskNote       string `json:"diskNote,omitempty"`
}

type config struct {
	target, proto, url, queryURL, storage, label string
	inflight, spansPerReq, services, sample      int
	warmup, duration, reportEvery                time.Duration
	rate                                         float64
	pid, heap, heapURL, heapMetric, dataDir, out string
	queries                                      bool
	verifyNewest                                 int
	retainedMax                                  int64
}

func runCmd(args []string) int {
	var c config
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	fs.StringVar(&c.target, "target", "pinscope", "pinscope | zipkin | jaeger (how to read traces back)")
	fs.StringVar(&c.proto, "proto", "http", "http (OTLP/HTTP protobuf) | grpc (OTLP/gRPC) | zipkin (Zipkin proto3 over HTTP)")
	fs.StringVar(&c.url, "url", "", "ingest URL (http, zipkin) or host:port (grpc)")
	fs.StringVar(&c.queryURL, "query", "", "base URL of the target's query API, for the read-back check")
	fs.StringVar(&c.storage, "storage", "", "storage label for the report")
	fs.StringVar(&c.label, "label", "", "run label for the report")
	fs.IntVar(&c.inflight, "inflight", 4, "requests kept in flight")
	fs.IntVar(&c.spansPerReq, "spans-per-request", 500, "spans per request (a multiple of 10)")
	fs.IntVar(&c.services, "services", 3, "services (applications) the traces are spread over, >= 3")
	fs.IntVar(&c.sample, "verify", 200, "acknowledged traces read back afterwards (0: none)")
	fs.DurationVar(&c.warmup, "warmup", 10*time.Second, "warm-up before the measured window")
	fs.DurationVar(&c.duration, "duration", 60*time.Second, "measured window")
	fs.DurationVar(&c.reportEvery, "report-every", 0, "print one line per period during the window (soak)")
	fs.Float64Var(&c.rate, "rate", 0, "spans/s to offer (0: as fast as the acks come back)")
	fs.StringVar(&c.pid, "pid", "", "server process id (CPU, RSS)")
	fs.StringVar(&c.heap, "heap", "", "jcmd: read the JVM heap of -pid with jcmd; metric: read -heap-metric at -heap-url")
	fs.StringVar(&c.heapURL, "heap-url", "", "Prometheus endpoint for -heap metric")
	fs.StringVar(&c.heapMetric, "heap-metric", "", "metric whose samples sum to the heap in use")
	fs.StringVar(&c.dataDir, "data-dir", "", "server data directory (disk bytes)")
	fs.IntVar(&c.verifyNewest, "verify-newest-spans", 0, "read back only among the newest this many acknowledged spans (a store that keeps a bounded number, e.g. Zipkin's in-memory; 0: all)")
	fs.Int64Var(&c.retainedMax, "retained-max-spans", 0, "spans the store keeps at most (heap per span divides by it; 0: unbounded)")
	fs.StringVar(&c.out, "out", "", "write the result as JSON here")
	fs.BoolVar(&c.queries, "queries", false, "pinscope: time trace-by-id, server map 1 h / 24 h, scatter 10,000 and inspector 7 d during the window")
	fs.Parse(args)
	if c.spansPerReq%spansPerTrace != 0 || c.spansPerReq <= 0 || c.services < 3 || c.inflight < 1 || c.url == "" {
		fmt.Fprintln(os.Stderr, "loadgen run: need -url, -spans-per-request a positive multiple of 10, -services >= 3, -inflight >= 1")
		return 2
	}
	r, err := run(c)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		return 1
	}
	if c.out != "" {
		b, _ := json.MarshalIndent(r, "", "  ")
		if err := os.WriteFile(c.out, append(b, '\n'), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
			return 1
		}
	}
	return 0
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "n/a"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:3], " ")
}

func (c config) heapNow(gc bool) int64 {
	switch c.heap {
	case "jcmd":
		return jvmHeapUsed(c.pid, gc)
	case "metric":
		return metricSum(c.heapURL, c.heapMetric)
	}
	return -1
}

// reserveFiles are files a server keeps to free in an emergency (Pinscope: reserve.bin), not data.
var reserveFiles = map[string]bool{"reserve.bin": true}

func run(c config) (*result, error) {
	pool := services(c.services)
	tracesPerReq := c.spansPerReq / spansPerTrace
	var tp *template
	var snd sender
	switch c.proto {
	case "http":
		tp = otlpTemplate(pool, tracesPerReq)
		snd = newHTTPSender(c.url, "application/x-protobuf", c.inflight, true)
	case "grpc":
		tp = otlpTemplate(pool, tracesPerReq)
		g, err := newGRPCSender(c.url)
		if err != nil {
			return nil, err
		}
		snd = g
	case "zipkin":
		tp = zipkinTemplate(pool, tracesPerReq)
		snd = newHTTPSender(c.url, "application/x-protobuf", c.inflight, false)
	default:
		return nil, fmt.Errorf("-proto %q (expected: http, grpc, zipkin)", c.proto)
	}
	defer snd.close()
	var nb [8]byte
	rand.Read(nb[:])
	nonce := binary.BigEndian.Uint64(nb[:]) | 1<<63

	var (
		mu       sync.Mutex
		samples  []sample
		firstErr string
		seq      atomic.Uint64
		stop     atomic.Bool
		wg       sync.WaitGroup
	)
	// A paced run hands out one token per request at the offered rate; an unpaced one sends as acks return.
	var tokens chan struct{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if c.rate > 0 {
		tokens = make(chan struct{}, c.inflight)
		interval := time.Duration(float64(time.Second) * float64(c.spansPerReq) / c.rate)
		go func() {
			next := time.Now()
			for !stop.Load() {
				next = next.Add(interval)
				if d := time.Until(next); d > 0 {
					time.Sleep(d)
				}
				select {
				case tokens <- struct{}{}:
				default: // all workers busy: the offered load is not met, which the acked rate shows
				}
			}
			close(tokens)
		}()
	}
	var seededTraces []string
	if c.queries {
		ids, err := seedQueries(ctx, c, pool, snd, nonce)
		if err != nil {
			return nil, err
		}
		seededTraces = ids
	}
	start := time.Now()
	for w := 0; w < c.inflight; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, len(tp.body))
			copy(buf, tp.body)
			local := make([]sample, 0, 1024)
			flush := func() {
				mu.Lock()
				samples = append(samples, local...)
				mu.Unlock()
				local = local[:0]
			}
			defer flush()
			lastFlush := time.Now()
			for !stop.Load() {
				if tokens != nil {
					if _, ok := <-tokens; !ok {
						return
					}
				}
				n := seq.Add(1) - 1
				t0 := time.Now()
				tp.patch(buf, nonce, n, t0.UnixMicro())
				out, err := snd.send(ctx, buf)
				t1 := time.Now()
				local = append(local, sample{t1, t1.Sub(t0), out, n, c.spansPerReq})
				if err != nil && out == failed {
					mu.Lock()
					if firstErr == "" {
						firstErr = err.Error()
					}
					mu.Unlock()
				}
				if t1.Sub(lastFlush) > time.Second {
					flush()
					lastFlush = t1
				}
			}
		}()
	}
	snapshot := func() []sample {
		mu.Lock()
		defer mu.Unlock()
		return append([]sample(nil), samples...)
	}
	var qs *queryRunner
	if c.queries {
		qs = startQueries(c, pool, seededTraces, start.Add(c.warmup))
	}
	time.Sleep(time.Until(start.Add(c.warmup)))
	winStart := time.Now()
	cpu0, gen0 := cpuSeconds(c.pid), cpuSeconds("self")
	ticks0, steal0 := machineTicks()
	winEnd := winStart.Add(c.duration)
	if c.reportEvery > 0 {
		fmt.Printf("%-7s %10s %10s %8s %10s %10s %10s\n", "minute", "spans/s", "ack p99", "rejected", "heap used", "RSS", "disk")
		for i := 1; ; i++ {
			end := winStart.Add(time.Duration(i) * c.reportEvery)
			if end.After(winEnd) {
				break
			}
			time.Sleep(time.Until(end))
			w := summarize(snapshot(), end.Add(-c.reportEvery), end)
			fmt.Printf("%-7d %10.0f %8.1fms %8d %10s %10s %10s\n", i, float64(w.ackedSpans)/c.reportEvery.Seconds(),
				percentile(w.latMs, 99), w.rejected+w.failed, mib(c.heapNow(false)), mib(statusBytes(c.pid, "VmRSS")),
				mib(dirBytes(c.dataDir, reserveFiles)))
		}
	}
	time.Sleep(time.Until(winEnd))
	cpu1, gen1 := cpuSeconds(c.pid), cpuSeconds("self")
	ticks1, steal1 := machineTicks()
	rss, hwm := statusBytes(c.pid, "VmRSS"), statusBytes(c.pid, "VmHWM")
	la := loadAvg()
	var queryStats []queryStat
	if qs != nil {
		queryStats = qs.finish()
	}
	stop.Store(true)
	wg.Wait()
	// The heap once the load stopped, after a full GC: the live data, not the garbage between collections.
	heap := c.heapNow(true)
	disk := dirBytes(c.dataDir, reserveFiles)

	all := snapshot()
	win := summarize(all, winStart, winEnd)
	tot := summarize(all, start, time.Now().Add(time.Hour))
	r := &result{Label: c.label, Target: c.target, Proto: c.proto, Storage: c.storage, InFlight: c.inflight, Rate: c.rate,
		SpansPerReq: c.spansPerReq, RequestBytes: len(tp.body), WarmupSec: c.warmup.Seconds(),
		WindowSec: winEnd.Sub(winStart).Seconds(), AckedSpans: win.ackedSpans,
		SpansPerSec: float64(win.ackedSpans) / winEnd.Sub(winStart).Seconds(),
		AckP50Ms:    percentile(win.latMs, 50), AckP99Ms: percentile(win.latMs, 99),
		RejectedReqs: win.rejected, FailedReqs: win.failed, ServerCPUSec: cpu1 - cpu0,
		GenCores: (gen1 - gen0) / winEnd.Sub(winStart).Seconds(), RSSBytes: rss, PeakRSSBytes: hwm, HeapBytes: heap,
		DiskBytes: disk, TotalAcked: tot.ackedSpans, TotalRejected: tot.rejected, TotalFailed: tot.failed,
		FirstError: firstErr, LoadAvg: la, StealPct: stealPercent(ticks0, steal0, ticks1, steal1), Queries: queryStats, RetainedMax: c.retainedMax}
	if c.pid == "" || cpu0 < 0 {
		r.ServerCPUSec = -1
	}
	if win.ackedSpans > 0 && r.ServerCPUSec >= 0 {
		r.CPUPer100k = r.ServerCPUSec / float64(win.ackedSpans) * 100_000
	}
	if c.sample > 0 && c.queryURL != "" {
		sort.Slice(all, func(i, j int) bool { return all[i].done.Before(all[j].done) })
		var acked []uint64
		for _, s := range all {
			if s.out == ack {
				acked = append(acked, s.seq)
			}
		}
		if keep := c.verifyNewest / c.spansPerReq; c.verifyNewest > 0 && keep < len(acked) {
			acked = acked[len(acked)-max(keep, 1):]
		}
		r.VerifySampled, r.VerifyComplete, r.ReadP50Ms = verify(c, acked, nonce, tracesPerReq)
	}
	for _, f := range []*float64{&r.AckP50Ms, &r.AckP99Ms, &r.ReadP50Ms} {
		if math.IsNaN(*f) {
			*f = -1
		}
	}
	fmt.Printf("%s: %.0f spans/s acked (%d in flight), ack p50 %.1f ms p99 %.1f ms, rejected %d, failed %d, "+
		"server CPU %.2f s/100k spans, generator %.3f cores, RSS %s, heap %s, read back %d/%d complete, load %s, steal %.1f %%\n",
		c.label, r.SpansPerSec, c.inflight, r.AckP50Ms, r.AckP99Ms, r.RejectedReqs, r.FailedReqs, r.CPUPer100k,
		r.GenCores, mib(rss), mib(heap), r.VerifyComplete, r.VerifySampled, la, r.StealPct)
	if firstErr != "" {
		fmt.Println("  first error:", firstErr)
	}
	return r, nil
}

func traceHex(nonce, tn uint64) string { return fmt.Sprintf("%016x%016x", nonce, tn) }

// randomAckedTrace picks an acknowledged trace id at random.
func randomAckedTrace(acked []uint64, nonce uint64, tracesPerReq int) string {
	seq := acked[mrand.IntN(len(acked))]
	return traceHex(nonce, traceNumber(seq, tracesPerReq, mrand.IntN(tracesPerReq)))
}
