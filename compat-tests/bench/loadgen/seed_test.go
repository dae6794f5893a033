package main

import (
	"testing"
	"time"

	colmetrics "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"
)

// The seeded big trace is one trace of 200 spans with one root, every parent a span of the same trace.
func TestBigTraceIsOneTreeOf200Spans(t *testing.T) {
	tp := encodeOTLP(services(50), bigTracePlan(services(50), bigTraceSpans))
	buf := append([]byte(nil), tp.body...)
	tp.patch(buf, bigNonce(0x8000000000000001), 5, 1_700_000_000_000_000)
	var req coltrace.ExportTraceServiceRequest
	if err := proto.Unmarshal(buf, &req); err != nil {
		t.Fatal(err)
	}
	ids, parents := map[string]bool{}, []string{}
	traces := map[string]bool{}
	for _, rs := range req.ResourceSpans {
		for _, ss := range rs.ScopeSpans {
			for _, sp := range ss.Spans {
				ids[string(sp.SpanId)] = true
				traces[string(sp.TraceId)] = true
				parents = append(parents, string(sp.ParentSpanId))
			}
		}
	}
	roots := 0
	for _, p := range parents {
		if p == "" {
			roots++
		} else if !ids[p] {
			t.Fatalf("a parent id that is no span of the trace")
		}
	}
	if len(ids) != 200 || len(traces) != 1 || roots != 1 {
		t.Fatalf("spans %d traces %d roots %d (expected: 200, 1, 1)", len(ids), len(traces), roots)
	}
}

// A seeded day of agent metrics is a valid ExportMetricsServiceRequest: one resource with the agent's own
// instance id, one point per minute per series, on the minute.
func TestAgentMetricsDayDecodes(t *testing.T) {
	from := time.Unix(1_700_000_040, 0)
	body, n := agentMetricsDay(services(3)[0], 2, from)
	var req colmetrics.ExportMetricsServiceRequest
	if err := proto.Unmarshal(body, &req); err != nil {
		t.Fatal(err)
	}
	if n != len(jvmSeries)*1440 || len(req.ResourceMetrics) != 1 {
		t.Fatalf("points %d resources %d (expected: %d, 1)", n, len(req.ResourceMetrics), len(jvmSeries)*1440)
	}
	instance := ""
	for _, kv := range req.ResourceMetrics[0].Resource.Attributes {
		if kv.Key == "service.instance.id" {
			instance = kv.Value.GetStringValue()
		}
	}
	if instance != "frontend-agent-2" {
		t.Fatalf("service.instance.id %q (expected: frontend-agent-2)", instance)
	}
	metrics := req.ResourceMetrics[0].ScopeMetrics[0].Metrics
	if len(metrics) != len(jvmSeries) {
		t.Fatalf("metrics %d (expected: %d)", len(metrics), len(jvmSeries))
	}
	pts := metrics[0].GetGauge().DataPoints
	if len(pts) != 1440 || pts[1].TimeUnixNano-pts[0].TimeUnixNano != uint64(time.Minute) ||
		pts[0].TimeUnixNano != uint64(from.UnixNano()) {
		t.Fatalf("points %d, first at %d (expected: 1440 a minute apart from %d)", len(pts), pts[0].TimeUnixNano, from.UnixNano())
	}
}
