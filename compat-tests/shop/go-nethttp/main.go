// A service of the polyglot shop (see ../README.md for the hop protocol): Go net/http, traced by otelhttp,
// exporting OTLP/gRPC with the official Go SDK. Configured by PORT, SERVICE, DOWNSTREAM and the standard
// OTEL_* variables (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_EXPORTER_OTLP_ENDPOINT,
// OTEL_BSP_SCHEDULE_DELAY, ...), which the SDK reads itself.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

type hop struct {
	Service     string            `json:"service"`
	Runtime     string            `json:"runtime"`
	Status      int               `json:"status"`
	Traceparent string            `json:"traceparent,omitempty"`
	Tracestate  string            `json:"tracestate,omitempty"`
	Error       string            `json:"error,omitempty"`
	Downstream  []json.RawMessage `json:"downstream"`
}

func main() {
	service := os.Getenv("SERVICE")
	port := os.Getenv("PORT")
	if service == "" || port == "" {
		log.Fatal("SERVICE and PORT must be set")
	}
	var downstream []string
	for _, d := range strings.Split(os.Getenv("DOWNSTREAM"), ",") {
		if d = strings.TrimRight(strings.TrimSpace(d), "/"); d != "" {
			downstream = append(downstream, d)
		}
	}

	ctx := context.Background()
	// The endpoint, insecure transport (an http:// endpoint), headers and timeouts come from OTEL_EXPORTER_OTLP_*.
	exporter, err := otlptracegrpc.New(ctx)
	if err != nil {
		log.Fatalf("OTLP exporter: %v", err)
	}
	// The batch processor reads OTEL_BSP_*; the default resource reads OTEL_SERVICE_NAME and
	// OTEL_RESOURCE_ATTRIBUTES and adds telemetry.sdk.language=go.
	provider := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter))
	otel.SetTracerProvider(provider)
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))

	client := &http.Client{Transport: otelhttp.NewTransport(http.DefaultTransport), Timeout: 10 * time.Second}
	mux := http.NewServeMux()
	mux.HandleFunc("/hop", func(w http.ResponseWriter, r *http.Request) {
		answer := hop{Service: service, Runtime: "go", Status: http.StatusOK,
			Traceparent: r.Header.Get("traceparent"), Tracestate: r.Header.Get("tracestate"),
			Downstream: []json.RawMessage{}}
		if r.URL.Query().Get("fail") == service {
			answer.Status = http.StatusInternalServerError
			answer.Error = "failing on purpose"
		} else {
			for _, d := range downstream {
				answer.Downstream = append(answer.Downstream, call(r.Context(), client, d+"/hop?"+r.URL.RawQuery))
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(answer.Status)
		_ = json.NewEncoder(w).Encode(answer)
	})
	server := &http.Server{Handler: otelhttp.NewHandler(mux, "hop")}
	listener, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		log.Fatalf("listen: %v", err)
	}
	go func() {
		if err := server.Serve(listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatalf("serve: %v", err)
		}
	}()
	fmt.Printf("READY %s\n", port)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
	shutdown, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_ = server.Shutdown(shutdown)
	_ = provider.Shutdown(shutdown) // Exports what is left.
}

// call GETs url; a failed or non-2xx answer is reported in the body, never propagated as this service's error.
func call(ctx context.Context, client *http.Client, url string) json.RawMessage {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err == nil {
		var resp *http.Response
		if resp, err = client.Do(req); err == nil {
			defer resp.Body.Close()
			body, readErr := io.ReadAll(resp.Body)
			if readErr == nil && json.Valid(body) {
				return body
			}
			err = fmt.Errorf("%s answered %d: %q", url, resp.StatusCode, body)
		}
	}
	failed, _ := json.Marshal(map[string]any{"url": url, "status": 0, "error": err.Error()})
	return failed
}
