package main

import (
	"testing"

	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"
)

// The hand-encoded template is a valid ExportTraceServiceRequest as the OTLP proto package reads it: one
// resource per service, 500 spans, 50 traces of 10 with one root each, old and new HTTP semconv both present.
func TestOtlpTemplateDecodesAsExportTraceServiceRequest(t *testing.T) {
	tp := otlpTemplate(services(3), 50)
	buf := append([]byte(nil), tp.body...)
	tp.patch(buf, 0x8000000000000001, 3, 1_700_000_000_000_000)
	var req coltrace.ExportTraceServiceRequest
	if err := proto.Unmarshal(buf, &req); err != nil {
		t.Fatal(err)
	}
	if len(req.ResourceSpans) != 3 {
		t.Fatalf("resources = %d (expected: 3)", len(req.ResourceSpans))
	}
	spans, roots := 0, 0
	traces := map[string]bool{}
	keys := map[string]bool{}
	for _, rs := range req.ResourceSpans {
		for _, ss := range rs.ScopeSpans {
			for _, sp := range ss.Spans {
				spans++
				traces[string(sp.TraceId)] = true
				if len(sp.ParentSpanId) == 0 {
					roots++
				}
				if sp.EndTimeUnixNano <= sp.StartTimeUnixNano {
					t.Fatalf("span %q ends before it starts", sp.Name)
				}
				for _, kv := range sp.Attributes {
					keys[kv.Key] = true
				}
			}
		}
	}
	if spans != 500 || len(traces) != 50 || roots != 50 {
		t.Fatalf("spans %d traces %d roots %d (expected: 500, 50, 50)", spans, len(traces), roots)
	}
	for _, k := range []string{"http.method", "http.request.method", "net.peer.name", "server.address", "db.statement", "db.query.text"} {
		if !keys[k] {
			t.Fatalf("no span has %s", k)
		}
	}
}
