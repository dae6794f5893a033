package main

import (
	"encoding/json"
	"fmt"
	mrand "math/rand/v2"
	"net/url"
	"sync"
	"time"
)

// queryStat is the latency of one Pinscope query asked over and over while ingest runs.
type queryStat struct {
	Name   string  `json:"name"`
	Count  int     `json:"count"`
	Errors int     `json:"errors"`
	P50Ms  float64 `json:"p50Ms"`
	P99Ms  float64 `json:"p99Ms"`
	// FirstMs is the very first answer of this kind, asked at the start of the warm-up: cold code, not counted.
	FirstMs float64 `json:"firstMs"`
	Note    string  `json:"note,omitempty"`
}

type queryRunner struct {
	stop  chan struct{}
	done  chan struct{}
	mu    sync.Mutex
	lat   map[string][]float64
	first map[string]float64
	from  time.Time // answers to questions asked before this are warm-up, not counted
	errs  map[string]int
	notes map[string]string
	order []string
}

// startQueries asks, in turn and one at a time, trace by id (one of the seeded 200-span traces), the server map
// over 1 h and 24 h (4 hops inbound and outbound: the most the API draws), the scatter's newest 10,000 dots of
// the last hour and the application inspector over 7 days (the seeded week of agent metrics), for the first
// application, until finish. They start with the ingest's warm-up, as the ingest does: answers to questions
// asked before measureFrom are not counted (the first of each kind runs cold code: class loading, the JIT), except
// that the first of each kind is kept apart, to be reported as such.
func startQueries(c config, pool []service, bigTraceIDs []string, measureFrom time.Time) *queryRunner {
	q := &queryRunner{stop: make(chan struct{}), done: make(chan struct{}), lat: map[string][]float64{},
		first: map[string]float64{}, from: measureFrom,
		errs: map[string]int{}, notes: map[string]string{},
		order: []string{"trace by id", "server map 1 h", "server map 24 h", "scatter 10,000 dots", "inspector 7 d"}}
	app := url.QueryEscape(pool[0].name)
	go func() {
		defer close(q.done)
		for i := 0; ; i++ {
			select {
			case <-q.stop:
				return
			default:
			}
			now := time.Now().UnixMilli()
			rng := func(d time.Duration) string { return fmt.Sprintf("from=%d&to=%d", now-d.Milliseconds(), now) }
			name := q.order[i%len(q.order)]
			var u string
			switch name {
			case "trace by id":
				u = c.queryURL + "/api/v1/traces/" + bigTraceIDs[mrand.IntN(len(bigTraceIDs))]
			case "server map 1 h":
				u = c.queryURL + "/api/v1/servermap?inbound=4&outbound=4&application=" + app + "&" + rng(time.Hour)
			case "server map 24 h":
				u = c.queryURL + "/api/v1/servermap?inbound=4&outbound=4&application=" + app + "&" + rng(24*time.Hour)
			case "scatter 10,000 dots":
				u = c.queryURL + "/api/v1/scatter?application=" + app + "&limit=10000&" + rng(time.Hour)
			case "inspector 7 d":
				u = c.queryURL + "/api/v1/applications/" + app + "/inspector?" + rng(7*24*time.Hour)
			}
			counted := !time.Now().Before(q.from)
			st, body, d, err := get(u)
			q.mu.Lock()
			took := float64(d.Microseconds()) / 1000
			if _, seen := q.first[name]; !seen && err == nil && st == 200 {
				q.first[name] = took
			}
			if err != nil || st != 200 {
				q.errs[name]++
				q.notes[name] = fmt.Sprintf("HTTP %d %v %.120s", st, err, body)
			} else if counted {
				q.lat[name] = append(q.lat[name], took)
				q.notes[name] = describe(name, body)
			}
			q.mu.Unlock()
			time.Sleep(100 * time.Millisecond) // a person's pace, not a query load test
		}
	}()
	return q
}

// describe says how big the last answer was, so that the latency can be read against it.
func describe(name string, body []byte) string {
	var r struct {
		Dots   []json.RawMessage `json:"dots"`
		Nodes  []json.RawMessage `json:"nodes"`
		Links  []json.RawMessage `json:"links"`
		Spans  []json.RawMessage `json:"spans"`
		Agents []string          `json:"agents"`
		Series []struct {
			Points []json.RawMessage `json:"points"`
		} `json:"series"`
	}
	json.Unmarshal(body, &r)
	switch name {
	case "trace by id":
		return fmt.Sprintf("%d spans", len(r.Spans))
	case "scatter 10,000 dots":
		return fmt.Sprintf("%d dots", len(r.Dots))
	case "server map 1 h", "server map 24 h":
		return fmt.Sprintf("%d nodes, %d links", len(r.Nodes), len(r.Links))
	case "inspector 7 d":
		points := 0
		for _, s := range r.Series {
			points += len(s.Points)
		}
		return fmt.Sprintf("%d agents, %d series, %d points", len(r.Agents), len(r.Series), points)
	}
	return fmt.Sprintf("%d bytes", len(body))
}

func (q *queryRunner) finish() []queryStat {
	close(q.stop)
	<-q.done
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []queryStat
	for _, name := range q.order {
		l := q.lat[name]
		out = append(out, queryStat{Name: name, Count: len(l), Errors: q.errs[name], P50Ms: nanNeg(percentile(l, 50)),
			P99Ms: nanNeg(percentile(l, 99)), FirstMs: firstOrNeg(q.first, name), Note: q.notes[name]})
	}
	return out
}

func firstOrNeg(first map[string]float64, name string) float64 {
	if v, ok := first[name]; ok {
		return v
	}
	return -1
}

func nanNeg(v float64) float64 {
	if v != v {
		return -1
	}
	return v
}
