package main

import "fmt"

// OTLP span kinds.
const (
	kindInternal = 1
	kindServer   = 2
	kindClient   = 3
	kindProducer = 4
	kindConsumer = 5
)

type attr struct {
	key   string
	str   string
	num   int64
	isNum bool
}

func s(k, v string) attr       { return attr{key: k, str: v} }
func n(k string, v int64) attr { return attr{key: k, num: v, isNum: true} }

type scope struct{ name, version string }

// service is one instrumented process; its shape follows one SDK: the stock Java agent (new semconv),
// Python (old semconv), Node.js or Go (new semconv), in turn by index.
type service struct {
	name     string
	lang     string
	resource []attr
	scopes   [4]scope // server, client, db, messaging instrumentation scopes
}

func newService(i int, name string) service {
	host := fmt.Sprintf("host-%02d", i%7)
	inst := fmt.Sprintf("%s-%08x", name, uint32(i)*2654435761)
	base := []attr{s("service.name", name), s("service.instance.id", inst), s("host.name", host),
		s("telemetry.sdk.name", "opentelemetry"), s("deployment.environment.name", "bench")}
	switch i % 4 {
	case 0: // the stock Java agent
		return service{name, "java", append(base, s("telemetry.sdk.language", "java"),
			s("telemetry.sdk.version", "1.49.0"), s("telemetry.distro.name", "opentelemetry-java-instrumentation"),
			s("telemetry.distro.version", "2.15.0"), s("process.runtime.name", "OpenJDK Runtime Environment"),
			s("process.runtime.version", "21.0.6+7"), n("process.pid", 4242), s("os.type", "linux")),
			[4]scope{{"io.opentelemetry.tomcat-10.0", "2.15.0-alpha"}, {"io.opentelemetry.java-http-client", "2.15.0-alpha"},
				{"io.opentelemetry.jdbc", "2.15.0-alpha"}, {"io.opentelemetry.kafka-clients-2.6", "2.15.0-alpha"}}}
	case 1: // Python SDK with contrib instrumentations (old semconv)
		return service{name, "python", append(base, s("telemetry.sdk.language", "python"),
			s("telemetry.sdk.version", "1.33.0"), s("telemetry.auto.version", "0.54b0"),
			s("process.runtime.name", "cpython"), s("process.runtime.version", "3.12.9"), n("process.pid", 17)),
			[4]scope{{"opentelemetry.instrumentation.flask", "0.54b0"}, {"opentelemetry.instrumentation.requests", "0.54b0"},
				{"opentelemetry.instrumentation.psycopg2", "0.54b0"}, {"opentelemetry.instrumentation.kafka", "0.54b0"}}}
	case 2: // Node.js SDK
		return service{name, "nodejs", append(base, s("telemetry.sdk.language", "nodejs"),
			s("telemetry.sdk.version", "2.0.1"), s("process.runtime.name", "nodejs"),
			s("process.runtime.version", "22.14.0"), n("process.pid", 1)),
			[4]scope{{"@opentelemetry/instrumentation-http", "0.200.0"}, {"@opentelemetry/instrumentation-undici", "0.11.0"},
				{"@opentelemetry/instrumentation-ioredis", "0.48.0"}, {"@opentelemetry/instrumentation-kafkajs", "0.9.0"}}}
	default: // Go SDK with contrib instrumentations
		return service{name, "go", append(base, s("telemetry.sdk.language", "go"),
			s("telemetry.sdk.version", "1.35.0"), s("process.runtime.name", "go"),
			s("process.runtime.version", "go1.24.2"), n("process.pid", 9)),
			[4]scope{{"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", "0.60.0"},
				{"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", "0.60.0"},
				{"github.com/redis/go-redis/extra/redisotel", "9.7.3"}, {"github.com/IBM/sarama/otelsarama", "0.1.0"}}}
	}
}

// spanShape is one span of the trace shape: who emits it, where it hangs, and its attributes.
type spanShape struct {
	svc      int // index into the trace's 3 services
	scope    int // index into the service's scopes
	name     string
	kind     int
	parent   int   // index of the parent span in the trace, -1 for the root
	startUs  int64 // offset from the trace's start
	durUs    int64
	attrs    []attr
	remote   string // Zipkin remote endpoint service name, "" for none
	errorMsg string // non-empty: status ERROR
}

// traceShape returns the 10 spans of one trace over services a (entry), b and c: HTTP server, internal,
// HTTP client, DB client (SQL and Redis), messaging producer and consumer, in both semconv generations
// (a and c speak the new one, b the old one).
func traceShape(a, b, c service) []spanShape {
	return []spanShape{
		{0, 0, "GET /orders/{id}", kindServer, -1, 0, 48_000, []attr{s("http.request.method", "GET"),
			s("url.path", "/orders/"+orderMark), s("url.scheme", "http"), s("http.route", "/orders/{id}"),
			n("http.response.status_code", 200), s("server.address", a.name), n("server.port", 8080),
			s("client.address", "10.1.2.3"), s("network.protocol.version", "1.1"),
			s("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64)")}, "", ""},
		{0, 0, "OrderController.get", kindInternal, 0, 300, 47_000, []attr{s("code.function", "get"),
			s("code.namespace", "shop.OrderController")}, "", ""},
		{0, 1, "GET", kindClient, 1, 500, 30_000, []attr{s("http.request.method", "GET"),
			s("url.full", "http://"+b.name+":8000/api/orders/"+orderMark), s("server.address", b.name),
			n("server.port", 8000), n("http.response.status_code", 200), s("network.protocol.version", "1.1")}, b.name, ""},
		{1, 0, "GET /api/orders/<id>", kindServer, 2, 1_500, 28_000, []attr{s("http.method", "GET"),
			s("http.target", "/api/orders/"+orderMark), s("http.scheme", "http"), s("http.route", "/api/orders/<id>"),
			n("http.status_code", 200), s("net.host.name", b.name), n("net.host.port", 8000),
			s("http.user_agent", "Java-http-client/21.0.6"), s("http.flavor", "1.1")}, "", ""},
		{1, 2, "SELECT shop.orders", kindClient, 3, 2_000, 6_000, []attr{s("db.system", "postgresql"),
			s("db.name", "shop"), s("db.user", "shop"), s("db.statement", "SELECT id, status, total FROM orders WHERE id = %s"),
			s("net.peer.name", "postgres"), n("net.peer.port", 5432)}, "postgres", ""},
		{1, 3, "orders publish", kindProducer, 3, 9_000, 2_000, []attr{s("messaging.system", "kafka"),
			s("messaging.destination", "orders"), s("messaging.destination.name", "orders"),
			s("messaging.operation", "publish"), s("net.peer.name", "kafka")}, "kafka", ""},
		{1, 1, "GET", kindClient, 3, 12_000, 15_000, []attr{s("http.method", "GET"),
			s("http.url", "http://"+c.name+":3000/stock/sku-"+orderMark), s("net.peer.name", c.name), n("net.peer.port", 3000),
			n("http.status_code", 200)}, c.name, ""},
		{2, 0, "GET /stock/:sku", kindServer, 6, 13_000, 13_000, []attr{s("http.request.method", "GET"),
			s("url.path", "/stock/sku-"+orderMark), s("url.scheme", "http"), s("http.route", "/stock/:sku"),
			n("http.response.status_code", 200), s("server.address", c.name), n("server.port", 3000),
			s("network.peer.address", "10.1.2.4"), n("network.peer.port", 51234)}, "", ""},
		{2, 2, "GET", kindClient, 7, 14_000, 900, []attr{s("db.system", "redis"), s("db.operation.name", "GET"),
			s("db.query.text", "GET stock:sku-"+orderMark), s("server.address", "redis"), n("server.port", 6379),
			s("db.namespace", "0")}, "redis", ""},
		{2, 3, "orders process", kindConsumer, 5, 20_000, 4_000, []attr{s("messaging.system", "kafka"),
			s("messaging.destination.name", "orders"), s("messaging.operation.type", "process"),
			s("messaging.consumer.group.name", "stock"), s("server.address", "kafka"), n("server.port", 9092)}, "", ""},
	}
}

// orderMark stands in a shape's strings for the trace's own 8-digit order number, patched per request (as real
// URLs and keys differ from request to request); a run's spans are not copies of one another.
const orderMark = "########"

// spansPerTrace is the size of traceShape.
const spansPerTrace = 10

// services returns n services named in turn after a small shop (with a numeric suffix past the first round).
func services(n int) []service {
	names := []string{"frontend", "orders", "inventory", "payments", "shipping", "catalog", "accounts", "search"}
	out := make([]service, n)
	for i := range out {
		name := names[i%len(names)]
		if i >= len(names) {
			name = fmt.Sprintf("%s-%d", name, i/len(names))
		}
		out[i] = newService(i, name)
	}
	return out
}

// triple returns the indices of the 3 services of trace t in a pool of n (n >= 3). Three services always play
// the same roles; a larger pool (the query mode's) is one chain, trace t starting at service t mod n, so that
// every application calls the next two and the server map is connected across the whole pool.
func triple(t, n int) [3]int {
	g := 0
	if n > 3 {
		g = t % n
	}
	return [3]int{g, (g + 1) % n, (g + 2) % n}
}
