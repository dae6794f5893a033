package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"sync"
	"time"
)

// traceURL is where a target answers one trace by id.
func traceURL(target, base, id string) string {
	switch target {
	case "zipkin":
		return base + "/api/v2/trace/" + id
	case "jaeger":
		return base + "/api/traces/" + id
	}
	return base + "/api/v1/traces/" + id
}

// spanCount reads how many spans a target's trace-by-id answer holds; -1 when it is not such an answer.
func spanCount(target string, body []byte) int {
	switch target {
	case "zipkin":
		var spans []json.RawMessage
		if json.Unmarshal(body, &spans) != nil {
			return -1
		}
		return len(spans)
	case "jaeger":
		var r struct {
			Data []struct {
				Spans []json.RawMessage `json:"spans"`
			} `json:"data"`
		}
		if json.Unmarshal(body, &r) != nil {
			return -1
		}
		n := 0
		for _, d := range r.Data {
			n += len(d.Spans)
		}
		return n
	}
	var r struct {
		Spans []json.RawMessage `json:"spans"`
	}
	if json.Unmarshal(body, &r) != nil {
		return -1
	}
	return len(r.Spans)
}

var readClient = &http.Client{Timeout: 30 * time.Second}

func get(u string) (int, []byte, time.Duration, error) {
	t0 := time.Now()
	resp, err := readClient.Get(u)
	if err != nil {
		return 0, nil, time.Since(t0), err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, b, time.Since(t0), err
}

// verify reads up to c.sample distinct acknowledged traces back and counts those answered with all their spans.
// A trace not yet complete is asked again until a deadline (stores may index asynchronously); the read p50 is
// of first reads.
func verify(c config, acked []uint64, nonce uint64, tracesPerReq int) (sampled, complete int, readP50 float64) {
	if len(acked) == 0 {
		return 0, 0, -1
	}
	ids := map[string]bool{}
	for tries := 0; len(ids) < c.sample && tries < c.sample*20; tries++ {
		ids[randomAckedTrace(acked, nonce, tracesPerReq)] = true
	}
	pending := make([]string, 0, len(ids))
	for id := range ids {
		pending = append(pending, id)
	}
	sort.Strings(pending)
	var lat []float64
	first := true
	deadline := time.Now().Add(30 * time.Second)
	var lastProblem string
	for len(pending) > 0 {
		var mu sync.Mutex
		var next []string
		var wg sync.WaitGroup
		sem := make(chan struct{}, 4)
		for _, id := range pending {
			wg.Add(1)
			sem <- struct{}{}
			go func(id string) {
				defer wg.Done()
				defer func() { <-sem }()
				st, body, d, err := get(traceURL(c.target, c.queryURL, url.PathEscape(id)))
				mu.Lock()
				defer mu.Unlock()
				if first {
					lat = append(lat, float64(d.Microseconds())/1000)
				}
				if err == nil && st == 200 && spanCount(c.target, body) == spansPerTrace {
					return
				}
				lastProblem = fmt.Sprintf("trace %s: HTTP %d, %d spans, err %v: %.200s", id, st, spanCount(c.target, body), err, body)
				next = append(next, id)
			}(id)
		}
		wg.Wait()
		first = false
		pending = next
		if len(pending) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Second)
	}
	if len(pending) > 0 {
		fmt.Fprintf(os.Stderr, "%s: %d of %d traces not read back complete; last: %s\n", c.label, len(pending), len(ids), lastProblem)
	}
	return len(ids), len(ids) - len(pending), percentile(lat, 50)
}
