package main

import (
	"context"
	"encoding/binary"
	"fmt"
	"strings"
	"time"
)

// The query mode times what a person asks while ingest runs; some of it the steady load does not make: traces
// of 200 spans to open, and a week of agent metrics for the inspector. seedQueries sends both before the load.

const (
	bigTraces     = 20
	bigTraceSpans = 200
	seedAgents    = 4
	seedDays      = 7
)

// bigNonce marks the seeded traces' ids apart from the load's (same nonce, another high half).
func bigNonce(nonce uint64) uint64 { return nonce ^ 0x5eed_0000_0000_0000 }

// bigTracePlan is one trace of n spans (a multiple of 10): the 10-span shape repeated, every repetition after the
// first hanging under the first one's internal span, as a batch job calling the same services in a loop.
func bigTracePlan(pool []service, n int) [][]plannedSpan {
	tri := triple(0, len(pool))
	shape := traceShape(pool[tri[0]], pool[tri[1]], pool[tri[2]])
	var out []plannedSpan
	for r := 0; len(out) < n; r++ {
		for _, sh := range shape {
			sh.startUs += int64(r) * 2_000
			switch {
			case sh.parent >= 0:
				sh.parent += r * len(shape)
			case r > 0:
				sh.parent = 1
			}
			out = append(out, plannedSpan{tri[sh.svc], sh})
		}
	}
	return [][]plannedSpan{out[:n]}
}

// seedQueries sends the big traces (returning their ids) and seedDays of one-minute JVM metrics for seedAgents
// agents of the first application, and says how long that took.
func seedQueries(ctx context.Context, c config, pool []service, snd sender, nonce uint64) ([]string, error) {
	t0 := time.Now()
	tp := encodeOTLP(pool, bigTracePlan(pool, bigTraceSpans))
	buf := make([]byte, len(tp.body))
	var ids []string
	for k := 0; k < bigTraces; k++ {
		copy(buf, tp.body)
		tp.patch(buf, bigNonce(nonce), uint64(k), time.Now().UnixMicro())
		if out, err := snd.send(ctx, buf); out != ack {
			return nil, fmt.Errorf("seeding trace %d of %d spans: %v", k, bigTraceSpans, err)
		}
		ids = append(ids, traceHex(bigNonce(nonce), traceNumber(uint64(k), 1, 0)))
	}
	metricsURL := strings.TrimSuffix(c.url, "/v1/traces") + "/v1/metrics"
	msnd := newHTTPSender(metricsURL, "application/x-protobuf", 1, false)
	defer msnd.close()
	now := time.Now().Truncate(time.Minute)
	points := 0
	for a := 0; a < seedAgents; a++ {
		for d := seedDays; d > 0; d-- {
			from := now.Add(-time.Duration(d) * 24 * time.Hour)
			body, n := agentMetricsDay(pool[0], a, from)
			if out, err := msnd.send(ctx, body); out != ack {
				return nil, fmt.Errorf("seeding metrics of agent %d from %s: %v", a, from.Format(time.RFC3339), err)
			}
			points += n
		}
	}
	fmt.Printf("seeded %d traces of %d spans and %d metric points (%d agents of %s, %d days at 1 min) in %.1f s\n",
		bigTraces, bigTraceSpans, points, seedAgents, pool[0].name, seedDays, time.Since(t0).Seconds())
	return ids, nil
}

// jvmSeries are the JVM runtime metrics seeded per agent (gauges, as the receiver stores the agent's
// UpDownCounters): name, unit, one point attribute, and the value at minute m.
var jvmSeries = []struct {
	name, unit, attrKey, attrVal string
	value                        func(agent, m int) float64
}{
	{"jvm.memory.used", "By", "jvm.memory.type", "heap", func(a, m int) float64 { return float64(200+a*10+m%300) * (1 << 20) }},
	{"jvm.memory.committed", "By", "jvm.memory.type", "heap", func(a, m int) float64 { return 512 * (1 << 20) }},
	{"jvm.memory.limit", "By", "jvm.memory.type", "heap", func(a, m int) float64 { return 1024 * (1 << 20) }},
	{"jvm.memory.used", "By", "jvm.memory.type", "non_heap", func(a, m int) float64 { return float64(90+a) * (1 << 20) }},
	{"jvm.thread.count", "{thread}", "jvm.thread.state", "runnable", func(a, m int) float64 { return float64(40 + (m+a)%20) }},
	{"jvm.cpu.recent_utilization", "1", "", "", func(a, m int) float64 { return float64((m*7+a*13)%100) / 100 }},
	{"jvm.class.count", "{class}", "", "", func(a, m int) float64 { return float64(9000 + a) }},
}

// agentMetricsDay encodes an ExportMetricsServiceRequest of one day of one-minute gauge points of jvmSeries for
// agent a of svc (the service's resource with its own service.instance.id), from the minute from.
func agentMetricsDay(svc service, a int, from time.Time) ([]byte, int) {
	var res pb
	attrs := make([]attr, 0, len(svc.resource))
	for _, at := range svc.resource {
		if at.key == "service.instance.id" {
			at.str = fmt.Sprintf("%s-agent-%d", svc.name, a)
		}
		attrs = append(attrs, at)
	}
	encodeAttrs(&res, 1, attrs)
	var sm pb
	var scp pb
	scp.stringField(1, "io.opentelemetry.runtime-telemetry-java17")
	sm.message(1, scp.b)
	m0 := int(from.Unix() / 60)
	points := 0
	for _, s := range jvmSeries {
		var gauge pb
		for m := 0; m < 24*60; m++ {
			var dp pb
			if s.attrKey != "" {
				encodeAttrs(&dp, 7, []attr{{key: s.attrKey, str: s.attrVal}})
			}
			t := uint64(from.Add(time.Duration(m) * time.Minute).UnixNano())
			off := dp.fixed64Field(3) // time_unix_nano
			binary.LittleEndian.PutUint64(dp.b[off:], t)
			dp.doubleField(4, s.value(a, m0+m)) // as_double
			gauge.message(1, dp.b)
			points++
		}
		var metric pb
		metric.stringField(1, s.name)
		metric.stringField(3, s.unit)
		metric.message(5, gauge.b) // gauge
		sm.message(2, metric.b)
	}
	var rm pb
	rm.message(1, res.b)
	rm.message(2, sm.b)
	var req pb
	req.message(1, rm.b)
	return req.b, points
}
