package main

import (
	"encoding/binary"
)

// slot says where one span's patchable fields sit in an encoded request. Offsets are -1 when absent.
type slot struct {
	trace, span                  int // trace index in the request, span index in the trace
	parent                       int // parent span index in the trace, -1 for a root
	traceOff, spanOff, parentOff int
	startOff, endOff             int // OTLP: fixed64 ns; Zipkin: startOff = fixed64 µs, endOff -1
	startUs, durUs               int64
	durOff                       int   // Zipkin: the duration's 5-byte varint; -1 for OTLP (the end time says it)
	marks                        []int // offsets of the 8-digit order number (orderMark) in the span's strings
}

// template is one encoded request (OTLP ExportTraceServiceRequest or Zipkin ListOfSpans) of tracesPerReq traces
// and the slots to patch per request: trace ids, span ids, parent ids and timestamps.
type template struct {
	body         []byte
	slots        []slot
	tracesPerReq int
	nanos        bool // OTLP times are ns, Zipkin µs
}

// ids derives the ids of request seq: trace id = nonce(8 bytes) || seq*tracesPerReq+t, span id = that number
// times 16 plus the span index plus 1 (never zero, unique in a run).
func traceNumber(seq uint64, tracesPerReq, t int) uint64 { return seq*uint64(tracesPerReq) + uint64(t) }

func spanID(traceNum uint64, s int) uint64 { return traceNum*16 + uint64(s) + 1 }

// patch writes the ids, times and order numbers of request seq into buf (a copy of the template's body), the
// trace starting at nowUs (epoch µs). Durations vary from 0.5x to 1.5x the shape's, per span and request.
func (tp *template) patch(buf []byte, nonce uint64, seq uint64, nowUs int64) {
	for i := range tp.slots {
		sl := &tp.slots[i]
		tn := traceNumber(seq, tp.tracesPerReq, sl.trace)
		binary.BigEndian.PutUint64(buf[sl.traceOff:], nonce)
		binary.BigEndian.PutUint64(buf[sl.traceOff+8:], tn)
		binary.BigEndian.PutUint64(buf[sl.spanOff:], spanID(tn, sl.span))
		if sl.parentOff >= 0 {
			binary.BigEndian.PutUint64(buf[sl.parentOff:], spanID(tn, sl.parent))
		}
		start, dur := nowUs+sl.startUs, jitteredDuration(sl.durUs, tn, sl.span)
		if tp.nanos {
			binary.LittleEndian.PutUint64(buf[sl.startOff:], uint64(start)*1000)
			binary.LittleEndian.PutUint64(buf[sl.endOff:], uint64(start+dur)*1000)
		} else {
			binary.LittleEndian.PutUint64(buf[sl.startOff:], uint64(start))
			putPaddedVarint(buf[sl.durOff:sl.durOff+5], uint64(dur))
		}
		if len(sl.marks) > 0 {
			order := orderNumber(tn)
			for _, off := range sl.marks {
				copy(buf[off:], order[:])
			}
		}
	}
}

// mix is splitmix64's finaliser: a cheap, well-spread hash of v.
func mix(v uint64) uint64 {
	v = (v ^ v>>30) * 0xbf58476d1ce4e5b9
	v = (v ^ v>>27) * 0x94d049bb133111eb
	return v ^ v>>31
}

func jitteredDuration(durUs int64, tn uint64, span int) int64 {
	return durUs/2 + int64(mix(tn*16+uint64(span))%uint64(durUs))
}

// orderNumber is trace tn's 8-digit order number, the same in every span of the trace.
func orderNumber(tn uint64) [8]byte {
	var d [8]byte
	v := mix(tn^0x0dde7) % 100_000_000
	for i := 7; i >= 0; i-- {
		d[i] = byte('0' + v%10)
		v /= 10
	}
	return d
}

// putPaddedVarint writes v as a varint of exactly len(b) bytes (continuation bits on zero-valued groups, which
// protobuf readers accept), so that it can be patched in place whatever its value.
func putPaddedVarint(b []byte, v uint64) {
	for i := range b {
		b[i] = byte(v&0x7f) | 0x80
		v >>= 7
	}
	b[len(b)-1] &^= 0x80
}

// takeMarks finds every orderMark in an encoded span, zero-fills it and returns the offsets.
func takeMarks(b []byte) []int {
	var offs []int
	for i := 0; i+len(orderMark) <= len(b); i++ {
		if string(b[i:i+len(orderMark)]) == orderMark {
			offs = append(offs, i)
			copy(b[i:], "00000000")
			i += len(orderMark) - 1
		}
	}
	return offs
}

type placed struct {
	trace, span int
	sh          spanShape
}

func encodeAttrs(w *pb, field int, attrs []attr) {
	for _, a := range attrs {
		var v pb
		if a.isNum {
			v.uvarintField(3, uint64(a.num)) // AnyValue.int_value
		} else {
			v.stringField(1, a.str) // AnyValue.string_value
		}
		var kv pb
		kv.stringField(1, a.key)
		kv.message(2, v.b)
		w.message(field, kv.b)
	}
}

// plannedSpan is one span of a request's trace and the pool index of the service that emits it.
type plannedSpan struct {
	svc int
	sh  spanShape
}

// otlpTemplate encodes an ExportTraceServiceRequest of tracesPerReq traces over the pool of services.
func otlpTemplate(pool []service, tracesPerReq int) *template {
	plan := make([][]plannedSpan, tracesPerReq)
	for t := range plan {
		tri := triple(t, len(pool))
		for _, sh := range traceShape(pool[tri[0]], pool[tri[1]], pool[tri[2]]) {
			plan[t] = append(plan[t], plannedSpan{tri[sh.svc], sh})
		}
	}
	return encodeOTLP(pool, plan)
}

// encodeOTLP encodes the planned traces as one ExportTraceServiceRequest, one ResourceSpans per service and one
// ScopeSpans per instrumentation scope, as the SDKs batch them.
func encodeOTLP(pool []service, plan [][]plannedSpan) *template {
	type key struct{ svc, scope int }
	order := []int{}
	byKey := map[key][]placed{}
	seenSvc := map[int]bool{}
	for t, spans := range plan {
		for si, p := range spans {
			if !seenSvc[p.svc] {
				seenSvc[p.svc] = true
				order = append(order, p.svc)
			}
			k := key{p.svc, p.sh.scope}
			byKey[k] = append(byKey[k], placed{t, si, p.sh})
		}
	}
	tracesPerReq := len(plan)
	tp := &template{tracesPerReq: tracesPerReq, nanos: true}
	var req pb
	for _, svc := range order {
		var rs pb
		var res pb
		encodeAttrs(&res, 1, pool[svc].resource)
		rs.message(1, res.b)
		var rsSlots []slot
		for sc := 0; sc < 4; sc++ {
			spans := byKey[key{svc, sc}]
			if len(spans) == 0 {
				continue
			}
			var ss pb
			var scp pb
			scp.stringField(1, pool[svc].scopes[sc].name)
			scp.stringField(2, pool[svc].scopes[sc].version)
			ss.message(1, scp.b)
			var ssSlots []slot
			for _, p := range spans {
				var sp pb
				sl := slot{trace: p.trace, span: p.span, parent: p.sh.parent, parentOff: -1, durOff: -1,
					startUs: p.sh.startUs, durUs: p.sh.durUs}
				sl.traceOff = sp.fixedBytesField(1, 16)
				sl.spanOff = sp.fixedBytesField(2, 8)
				if p.sh.parent >= 0 {
					sl.parentOff = sp.fixedBytesField(4, 8)
				}
				sp.stringField(5, p.sh.name)
				sp.uvarintField(6, uint64(p.sh.kind))
				sl.startOff = sp.fixed64Field(7)
				sl.endOff = sp.fixed64Field(8)
				encodeAttrs(&sp, 9, p.sh.attrs)
				var st pb
				if p.sh.errorMsg != "" {
					st.stringField(2, p.sh.errorMsg)
					st.uvarintField(3, 2)
				}
				sp.message(15, st.b)
				sp.tag(16, 5) // flags fixed32: sampled, as SDKs send it
				sp.b = append(sp.b, 1, 0, 0, 0)
				sl.marks = takeMarks(sp.b)
				base := ss.message(2, sp.b)
				ssSlots = append(ssSlots, shift(sl, base))
			}
			base := rs.message(2, ss.b)
			for _, sl := range ssSlots {
				rsSlots = append(rsSlots, shift(sl, base))
			}
		}
		base := req.message(1, rs.b)
		for _, sl := range rsSlots {
			tp.slots = append(tp.slots, shift(sl, base))
		}
	}
	tp.body = req.b
	return tp
}

func shift(sl slot, base int) slot {
	sl.traceOff += base
	sl.spanOff += base
	if sl.parentOff >= 0 {
		sl.parentOff += base
	}
	sl.startOff += base
	if sl.endOff >= 0 {
		sl.endOff += base
	}
	if sl.durOff >= 0 {
		sl.durOff += base
	}
	marks := make([]int, len(sl.marks))
	for i, off := range sl.marks {
		marks[i] = off + base
	}
	sl.marks = marks
	return sl
}

// Zipkin proto3 span kinds.
func zipkinKind(otlpKind int) uint64 {
	switch otlpKind {
	case kindClient:
		return 1
	case kindServer:
		return 2
	case kindProducer:
		return 3
	case kindConsumer:
		return 4
	}
	return 0
}

// zipkinTemplate encodes the same traces as Zipkin proto3 ListOfSpans: attributes become tags (numbers as
// decimal strings), the service and instance address the local endpoint, the peer the remote endpoint.
func zipkinTemplate(pool []service, tracesPerReq int) *template {
	tp := &template{tracesPerReq: tracesPerReq}
	var list pb
	for t := 0; t < tracesPerReq; t++ {
		tri := triple(t, len(pool))
		for si, sh := range traceShape(pool[tri[0]], pool[tri[1]], pool[tri[2]]) {
			svc := pool[tri[sh.svc]]
			var sp pb
			sl := slot{trace: t, span: si, parent: sh.parent, parentOff: -1, endOff: -1, startUs: sh.startUs, durUs: sh.durUs}
			sl.traceOff = sp.fixedBytesField(1, 16)
			if sh.parent >= 0 {
				sl.parentOff = sp.fixedBytesField(2, 8)
			}
			sl.spanOff = sp.fixedBytesField(3, 8)
			if k := zipkinKind(sh.kind); k != 0 {
				sp.uvarintField(4, k)
			}
			sp.stringField(5, sh.name)
			sl.startOff = sp.fixed64Field(6)
			sp.tag(7, 0)
			sl.durOff = len(sp.b)
			sp.b = append(sp.b, make([]byte, 5)...) // patched: putPaddedVarint
			var le pb
			le.stringField(1, svc.name)
			le.bytesField(2, []byte{10, 1, byte(tri[sh.svc] % 250), 7})
			sp.message(8, le.b)
			if sh.remote != "" {
				var re pb
				re.stringField(1, sh.remote)
				sp.message(9, re.b)
			}
			for _, a := range sh.attrs {
				var e pb
				e.stringField(1, a.key)
				if a.isNum {
					e.stringField(2, itoa(a.num))
				} else {
					e.stringField(2, a.str)
				}
				sp.message(11, e.b)
			}
			if sh.errorMsg != "" {
				var e pb
				e.stringField(1, "error")
				e.stringField(2, sh.errorMsg)
				sp.message(11, e.b)
			}
			sl.marks = takeMarks(sp.b)
			base := list.message(1, sp.b)
			tp.slots = append(tp.slots, shift(sl, base))
		}
	}
	tp.body = list.b
	return tp
}

func itoa(v int64) string {
	var buf [20]byte
	i := len(buf)
	neg := v < 0
	if neg {
		v = -v
	}
	for {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}
