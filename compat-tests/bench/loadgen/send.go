package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

// outcome of one export request.
type outcome int

const (
	ack      outcome = iota // 2xx / gRPC OK: every span durable
	rejected                // 503, 429 / UNAVAILABLE, RESOURCE_EXHAUSTED, or a partial success rejecting spans
	failed                  // anything else (connection errors, 4xx, 500)
)

type sender interface {
	send(ctx context.Context, body []byte) (outcome, error)
	close()
}

type httpSender struct {
	client     *http.Client
	url, ctype string
	otlp       bool
}

func newHTTPSender(url, ctype string, inflight int, otlp bool) *httpSender {
	tr := &http.Transport{MaxIdleConns: inflight * 2, MaxIdleConnsPerHost: inflight * 2, IdleConnTimeout: time.Minute,
		DisableCompression: true}
	return &httpSender{client: &http.Client{Transport: tr, Timeout: 30 * time.Second}, url: url, ctype: ctype, otlp: otlp}
}

func (h *httpSender) send(ctx context.Context, body []byte) (outcome, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.url, bytes.NewReader(body))
	if err != nil {
		return failed, err
	}
	req.Header.Set("Content-Type", h.ctype)
	resp, err := h.client.Do(req)
	if err != nil {
		return failed, err
	}
	respBody, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		if h.otlp && rejectedSpans(respBody) > 0 {
			return rejected, fmt.Errorf("partial success: %d spans rejected", rejectedSpans(respBody))
		}
		return ack, nil
	case resp.StatusCode == 503 || resp.StatusCode == 429:
		return rejected, nil
	}
	return failed, fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, respBody)
}

func (h *httpSender) close() { h.client.CloseIdleConnections() }

// rawCodec sends pre-encoded protobuf bytes as they are and keeps the response's bytes, so that no message
// is built or marshalled per request.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) { return *(v.(*[]byte)), nil }
func (rawCodec) Unmarshal(data []byte, v any) error {
	*(v.(*[]byte)) = append((*(v.(*[]byte)))[:0], data...)
	return nil
}
func (rawCodec) Name() string { return "proto" }

const exportMethod = "/opentelemetry.proto.collector.trace.v1.TraceService/Export"

type grpcSender struct{ conn *grpc.ClientConn }

func newGRPCSender(addr string) (*grpcSender, error) {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(rawCodec{}), grpc.MaxCallRecvMsgSize(16<<20)))
	if err != nil {
		return nil, err
	}
	return &grpcSender{conn}, nil
}

func (g *grpcSender) send(ctx context.Context, body []byte) (outcome, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var resp []byte
	err := g.conn.Invoke(ctx, exportMethod, &body, &resp)
	if err == nil {
		if n := rejectedSpans(resp); n > 0 {
			return rejected, fmt.Errorf("partial success: %d spans rejected", n)
		}
		return ack, nil
	}
	switch status.Code(err) {
	case codes.Unavailable, codes.ResourceExhausted:
		return rejected, nil
	}
	return failed, err
}

func (g *grpcSender) close() { g.conn.Close() }

// rejectedSpans reads ExportTraceServiceResponse.partial_success(1).rejected_spans(1); 0 when absent.
func rejectedSpans(b []byte) int64 {
	for i := 0; i < len(b); {
		key, n := uvarint(b[i:])
		if n <= 0 {
			return 0
		}
		i += n
		field, wire := key>>3, key&7
		switch wire {
		case 0:
			v, n := uvarint(b[i:])
			if n <= 0 {
				return 0
			}
			i += n
			if field == 1 {
				return int64(v) // inside partial_success (we recurse into field 1 below)
			}
		case 2:
			l, n := uvarint(b[i:])
			if n <= 0 || i+n+int(l) > len(b) {
				return 0
			}
			i += n
			if field == 1 {
				return rejectedSpans(b[i : i+int(l)])
			}
			i += int(l)
		case 1:
			i += 8
		case 5:
			i += 4
		default:
			return 0
		}
	}
	return 0
}

func uvarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i] < 0x80 {
			return v, i + 1
		}
	}
	return 0, 0
}
