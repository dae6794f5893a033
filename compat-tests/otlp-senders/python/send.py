"""Sends Pinscope's known conformance trace through the OpenTelemetry Python SDK's OTLP trace exporters.

Run by compat-tests' ITOtlpConformance, which reads every trace back through Pinscope's REST API. Each
argument is one cell, "PROTOCOL|COMPRESSION|ENDPOINT|SERVICE" with PROTOCOL grpc or http/protobuf and
COMPRESSION none or gzip. Each cell gets its own tracer provider (resource service.name = SERVICE) and its
own exporter behind a batch span processor (flushed by shutdown), and prints one line:

    CELL <protocol> <compression> OK <trace id hex>
    CELL <protocol> <compression> FAIL <reason>

The trace is the one described in ITOtlpConformance's KnownTrace: five spans of every kind, times as
fixed offsets from one start, one attribute of each primitive type and an array on the root, an error
status and an event on the client span. Keep the two in step.
"""

import sys
import time
import traceback

import grpc
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter as GrpcSpanExporter
from opentelemetry.exporter.otlp.proto.http import Compression as HttpCompression
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter as HttpSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult
from opentelemetry.trace import SpanKind, Status, StatusCode

MS = 1_000_000


class RecordingExporter(SpanExporter):
    """Passes every batch on and keeps the results, so a failed export is reported, not only logged."""

    def __init__(self, delegate):
        self.delegate = delegate
        self.results = []

    def export(self, spans):
        result = self.delegate.export(spans)
        self.results.append(result)
        return result

    def shutdown(self):
        self.delegate.shutdown()

    def force_flush(self, timeout_millis=30000):
        return self.delegate.force_flush(timeout_millis)


def exporter(protocol, compression, endpoint):
    if protocol == "grpc":
        algorithm = grpc.Compression.Gzip if compression == "gzip" else grpc.Compression.NoCompression
        return GrpcSpanExporter(endpoint=endpoint, insecure=True, compression=algorithm, timeout=10)
    if protocol == "http/protobuf":
        algorithm = HttpCompression.Gzip if compression == "gzip" else HttpCompression.NoCompression
        return HttpSpanExporter(endpoint=endpoint.rstrip("/") + "/v1/traces", compression=algorithm, timeout=10)
    raise ValueError("protocol: " + protocol + " (expected grpc or http/protobuf)")


def send_known_trace(tracer, t0):
    """The known trace; returns its trace id."""
    root = tracer.start_span("GET /checkout", kind=SpanKind.SERVER, start_time=t0, attributes={
        "conf.string": "café ☕",
        "conf.int": 42,
        "conf.double": 2.5,
        "conf.bool": True,
        "conf.array": ["a", "b", "c"],
    })
    in_root = trace.set_span_in_context(root)
    load = tracer.start_span("load cart", context=in_root, kind=SpanKind.INTERNAL, start_time=t0 + 10 * MS)
    client = tracer.start_span("POST /payments", context=trace.set_span_in_context(load), kind=SpanKind.CLIENT,
                               start_time=t0 + 20 * MS)
    client.add_event("retry", attributes={"attempt": 1}, timestamp=t0 + 30 * MS)
    client.set_status(Status(StatusCode.ERROR, "card declined"))
    client.end(end_time=t0 + 50 * MS)
    load.end(end_time=t0 + 60 * MS)
    publish = tracer.start_span("publish order", context=in_root, kind=SpanKind.PRODUCER, start_time=t0 + 70 * MS)
    publish.end(end_time=t0 + 80 * MS)
    consume = tracer.start_span("consume order", context=trace.set_span_in_context(publish),
                                kind=SpanKind.CONSUMER, start_time=t0 + 85 * MS)
    consume.end(end_time=t0 + 110 * MS)
    root.end(end_time=t0 + 120 * MS)
    return format(root.get_span_context().trace_id, "032x")


def run_cell(protocol, compression, endpoint, service):
    recording = RecordingExporter(exporter(protocol, compression, endpoint))
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    provider.add_span_processor(BatchSpanProcessor(recording))
    try:
        trace_id = send_known_trace(provider.get_tracer("pinscope.conformance", "1.0.0"), time.time_ns() - 1_000 * MS)
    finally:
        provider.shutdown()
    failed = [r for r in recording.results if r != SpanExportResult.SUCCESS]
    if not recording.results or failed:
        return "FAIL export results [" + ",".join(r.name for r in recording.results) + "]"
    return "OK " + trace_id


def main(cells):
    for cell in cells:
        protocol, compression, endpoint, service = cell.split("|")
        try:
            outcome = run_cell(protocol, compression, endpoint, service)
        except Exception as e:  # one cell's failure must not hide the others
            traceback.print_exc()
            outcome = "FAIL " + type(e).__name__ + ": " + str(e).replace("\n", " ")
        print("CELL", protocol, compression, outcome, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
