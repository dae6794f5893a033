package main

import (
	"math"
	"sort"
	"time"
)

// percentile returns the nearest-rank p-th percentile (0 < p <= 100) of xs, NaN for none; xs is sorted in place.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	sort.Float64s(xs)
	rank := int(math.Ceil(p / 100 * float64(len(xs))))
	if rank < 1 {
		rank = 1
	}
	return xs[rank-1]
}

// sample is one finished request: when it completed, how long it took, what came back.
type sample struct {
	done    time.Time
	latency time.Duration
	out     outcome
	seq     uint64
	spans   int
}

// window sums the samples completed in [from, to).
type windowStats struct {
	acked, rejected, failed int // requests
	ackedSpans              int64
	latMs                   []float64 // acknowledged requests only
}

func summarize(samples []sample, from, to time.Time) windowStats {
	var w windowStats
	for _, s := range samples {
		if s.done.Before(from) || !s.done.Before(to) {
			continue
		}
		switch s.out {
		case ack:
			w.acked++
			w.ackedSpans += int64(s.spans)
			w.latMs = append(w.latMs, float64(s.latency.Microseconds())/1000)
		case rejected:
			w.rejected++
		default:
			w.failed++
		}
	}
	return w
}
