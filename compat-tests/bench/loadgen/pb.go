package main

import (
	"encoding/binary"
	"math"
)

// pb is a minimal protobuf writer: enough to encode OTLP and Zipkin proto3 request templates once.
// Fixed-size fields (ids, fixed64 times) are written at offsets the caller records, so that a template can be
// patched in place per request without re-encoding.
type pb struct{ b []byte }

func (w *pb) varint(v uint64) {
	for v >= 0x80 {
		w.b = append(w.b, byte(v)|0x80)
		v >>= 7
	}
	w.b = append(w.b, byte(v))
}

func (w *pb) tag(field int, wire int) { w.varint(uint64(field)<<3 | uint64(wire)) }

func (w *pb) uvarintField(field int, v uint64) {
	w.tag(field, 0)
	w.varint(v)
}

func (w *pb) bytesField(field int, v []byte) {
	w.tag(field, 2)
	w.varint(uint64(len(v)))
	w.b = append(w.b, v...)
}

func (w *pb) stringField(field int, v string) { w.bytesField(field, []byte(v)) }

// fixedBytesField writes a length-delimited field of n zero bytes and returns the offset of its content.
func (w *pb) fixedBytesField(field int, n int) int {
	w.tag(field, 2)
	w.varint(uint64(n))
	off := len(w.b)
	w.b = append(w.b, make([]byte, n)...)
	return off
}

// fixed64Field writes a fixed64 field of zero and returns the offset of its 8 bytes.
func (w *pb) fixed64Field(field int) int {
	w.tag(field, 1)
	off := len(w.b)
	w.b = append(w.b, make([]byte, 8)...)
	return off
}

func (w *pb) doubleField(field int, v float64) {
	w.tag(field, 1)
	w.b = binary.LittleEndian.AppendUint64(w.b, math.Float64bits(v))
}

// message writes a nested message; offsets recorded inside body (relative to the body's start) are
// shifted by the returned base, the offset at which the body starts in w.
func (w *pb) message(field int, body []byte) int {
	w.tag(field, 2)
	w.varint(uint64(len(body)))
	base := len(w.b)
	w.b = append(w.b, body...)
	return base
}
