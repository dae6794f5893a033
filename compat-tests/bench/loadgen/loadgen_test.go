package main

import (
	"encoding/binary"
	"strings"
	"testing"
)

func TestPercentileIsNearestRank(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3, 6, 7, 8, 9, 10}
	if got := percentile(xs, 50); got != 5 {
		t.Fatalf("p50 = %v (expected: 5)", got)
	}
	if got := percentile(xs, 99); got != 10 {
		t.Fatalf("p99 = %v (expected: 10)", got)
	}
	if got := percentile([]float64{3}, 1); got != 3 {
		t.Fatalf("p1 of one = %v (expected: 3)", got)
	}
}

func TestParseStatCPUSkipsACommandWithSpaces(t *testing.T) {
	stat := "42 (java (x) y) S 1 42 42 0 -1 4194560 100 0 0 0 250 150 0 0 20 0 30 0 1234 0 0"
	if got := parseStatCPU(stat); got != 4 {
		t.Fatalf("cpu = %v (expected: 4 = (250+150)/100)", got)
	}
}

func TestParseMachineTicksReadsTheAggregateLine(t *testing.T) {
	total, steal := parseMachineTicks("cpu  100 5 20 800 10 0 5 60 7 0\ncpu0 50 2 10 400 5 0 2 30 0 0\n")
	if total != 1000 || steal != 60 {
		t.Fatalf("total %v steal %v, want 1000 and 60 (guest ticks are in user already)", total, steal)
	}
	if got := stealPercent(1000, 60, 2000, 110); got != 5 {
		t.Fatalf("steal %v %%, want 5", got)
	}
	if got := stealPercent(1000, 60, 1000, 60); got != -1 {
		t.Fatalf("steal over no time %v, want -1", got)
	}
	if total, _ := parseMachineTicks("intr 1 2 3\n"); total != 0 {
		t.Fatalf("total %v of a file without a cpu line, want 0", total)
	}
}

func TestParseHeapInfo(t *testing.T) {
	out := "12345:\n garbage-first heap   total 262144K, used 131072K [0x0, 0x0)\n  region size 1024K"
	if got := parseHeapInfo(out); got != 131072*1024 {
		t.Fatalf("heap = %d (expected: %d)", got, 131072*1024)
	}
	parallel := "12345:\n PSYoungGen      total 76288K, used 3000K [0x0, 0x0, 0x0)\n  eden space 65536K, 4% used\n" +
		" ParOldGen       total 175104K, used 12000K [0x0, 0x0, 0x0)\n Metaspace       used 50000K, committed 51000K"
	if got := parseHeapInfo(parallel); got != 15000*1024 {
		t.Fatalf("parallel heap = %d (expected: %d)", got, 15000*1024)
	}
}

// The patched OTLP template carries each request's own ids: every span of trace t has that trace's id and a
// span id derived from it, every parent id is the id of a span of the same trace.
func TestPatchWritesIdsAndTimesOfTheRequest(t *testing.T) {
	tp := otlpTemplate(services(3), 50)
	buf := append([]byte(nil), tp.body...)
	tp.patch(buf, 0xabc, 7, 1_000_000)
	if len(tp.slots) != 500 {
		t.Fatalf("slots = %d (expected: 500)", len(tp.slots))
	}
	for _, sl := range tp.slots {
		tn := binary.BigEndian.Uint64(buf[sl.traceOff+8:])
		if hi := binary.BigEndian.Uint64(buf[sl.traceOff:]); hi != 0xabc || tn != traceNumber(7, 50, sl.trace) {
			t.Fatalf("trace id %x/%d (expected: abc/%d)", hi, tn, traceNumber(7, 50, sl.trace))
		}
		if id := binary.BigEndian.Uint64(buf[sl.spanOff:]); id != spanID(tn, sl.span) {
			t.Fatalf("span id %d (expected: %d)", id, spanID(tn, sl.span))
		}
		if sl.parentOff >= 0 && binary.BigEndian.Uint64(buf[sl.parentOff:]) != spanID(tn, sl.parent) {
			t.Fatalf("parent of span %d not span %d of its trace", sl.span, sl.parent)
		}
		start, end := binary.LittleEndian.Uint64(buf[sl.startOff:]), binary.LittleEndian.Uint64(buf[sl.endOff:])
		dur := int64(end-start) / 1000
		if start != uint64(1_000_000+sl.startUs)*1000 || dur != jitteredDuration(sl.durUs, tn, sl.span) ||
			dur < sl.durUs/2 || dur >= sl.durUs*3/2 {
			t.Fatalf("span %d times %d..%d (expected: from %d, 0.5-1.5 x %d µs)", sl.span, start, end,
				uint64(1_000_000+sl.startUs)*1000, sl.durUs)
		}
		order := orderNumber(tn)
		for _, off := range sl.marks {
			if string(buf[off:off+8]) != string(order[:]) {
				t.Fatalf("span %d order number %q (expected: %q)", sl.span, buf[off:off+8], order[:])
			}
		}
	}
}

func TestRejectedSpansReadsPartialSuccess(t *testing.T) {
	var inner, outer pb
	inner.uvarintField(1, 12)
	inner.stringField(2, "full")
	outer.message(1, inner.b)
	if got := rejectedSpans(outer.b); got != 12 {
		t.Fatalf("rejected = %d (expected: 12)", got)
	}
	if got := rejectedSpans(nil); got != 0 {
		t.Fatalf("rejected of empty = %d (expected: 0)", got)
	}
}

// Every order-number mark of the shape is found and patched: none is left in the template, and
// different traces get different numbers.
func TestOrderNumbersArePatchedPerTrace(t *testing.T) {
	for _, tp := range []*template{otlpTemplate(services(3), 50), zipkinTemplate(services(3), 50)} {
		buf := append([]byte(nil), tp.body...)
		tp.patch(buf, 0xabc, 1, 1_000_000)
		marks := 0
		for _, sl := range tp.slots {
			marks += len(sl.marks)
		}
		if marks != 50*6 {
			t.Fatalf("marks %d (expected: 6 per trace, 300)", marks)
		}
		if strings.Contains(string(tp.body), orderMark) {
			t.Fatalf("an order mark left in the template")
		}
	}
	if orderNumber(1) == orderNumber(2) {
		t.Fatalf("traces 1 and 2 share an order number")
	}
}

// A padded varint reads back as its value whatever its width.
func TestPaddedVarintReadsBack(t *testing.T) {
	for _, v := range []uint64{0, 1, 127, 128, 48_000, 1<<35 - 1} {
		b := make([]byte, 5)
		putPaddedVarint(b, v)
		if got, n := uvarint(b); got != v || n != 5 {
			t.Fatalf("%d read back as %d in %d bytes (expected: 5)", v, got, n)
		}
	}
}
