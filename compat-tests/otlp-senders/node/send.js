'use strict';
// Sends Pinscope's known conformance trace through the OpenTelemetry Node SDK's OTLP trace exporters:
// @opentelemetry/exporter-trace-otlp-proto (protobuf) and @opentelemetry/exporter-trace-otlp-http (JSON).
//
// Run by compat-tests' ITOtlpConformance, which reads every trace back through Pinscope's REST API. Each
// argument is one cell, "PROTOCOL|COMPRESSION|ENDPOINT|SERVICE" with PROTOCOL http/protobuf or http/json and
// COMPRESSION none or gzip. Each cell gets its own tracer provider (resource service.name = SERVICE) and its
// own exporter behind a batch span processor (flushed by shutdown), and prints one line:
//
//   CELL <protocol> <compression> OK <trace id hex>
//   CELL <protocol> <compression> FAIL <reason>
//
// The trace is the one described in ITOtlpConformance's KnownTrace (the Python sender sends the same): five
// spans of every kind, times as fixed offsets from one start, one attribute of each primitive type and an
// array on the root, an error status and an event on the client span. Keep them in step.

const api = require('@opentelemetry/api');
const { TracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const proto = require('@opentelemetry/exporter-trace-otlp-proto');
const json = require('@opentelemetry/exporter-trace-otlp-http');

/** Passes every batch on and keeps the results, so a failed export is reported, not only logged. */
function recording(delegate) {
  const results = [];
  return {
    results,
    export(spans, done) {
      delegate.export(spans, (result) => {
        results.push(result);
        done(result);
      });
    },
    shutdown: () => delegate.shutdown(),
    forceFlush: () => delegate.forceFlush(),
  };
}

function exporter(protocol, compression, endpoint) {
  const config = { url: endpoint.replace(/\/$/, '') + '/v1/traces', compression, timeoutMillis: 10000 };
  if (protocol === 'http/protobuf') {
    return new proto.OTLPTraceExporter(config);
  }
  if (protocol === 'http/json') {
    return new json.OTLPTraceExporter(config);
  }
  throw new Error('protocol: ' + protocol + ' (expected http/protobuf or http/json)');
}

/** A time t0 + ms as the SDK's high-resolution time [seconds, nanoseconds], exact to the nanosecond. */
function at(t0, ms) {
  const nanos = t0 + BigInt(ms) * 1000000n;
  return [Number(nanos / 1000000000n), Number(nanos % 1000000000n)];
}

/** The known trace; returns its trace id. */
function sendKnownTrace(tracer, t0) {
  const root = tracer.startSpan('GET /checkout', {
    kind: api.SpanKind.SERVER,
    startTime: at(t0, 0),
    attributes: {
      'conf.string': 'café ☕',
      'conf.int': 42,
      'conf.double': 2.5,
      'conf.bool': true,
      'conf.array': ['a', 'b', 'c'],
    },
  });
  const inRoot = api.trace.setSpan(api.ROOT_CONTEXT, root);
  const load = tracer.startSpan('load cart', { kind: api.SpanKind.INTERNAL, startTime: at(t0, 10) }, inRoot);
  const client = tracer.startSpan('POST /payments', { kind: api.SpanKind.CLIENT, startTime: at(t0, 20) },
      api.trace.setSpan(api.ROOT_CONTEXT, load));
  client.addEvent('retry', { attempt: 1 }, at(t0, 30));
  client.setStatus({ code: api.SpanStatusCode.ERROR, message: 'card declined' });
  client.end(at(t0, 50));
  load.end(at(t0, 60));
  const publish = tracer.startSpan('publish order', { kind: api.SpanKind.PRODUCER, startTime: at(t0, 70) }, inRoot);
  publish.end(at(t0, 80));
  const consume = tracer.startSpan('consume order', { kind: api.SpanKind.CONSUMER, startTime: at(t0, 85) },
      api.trace.setSpan(api.ROOT_CONTEXT, publish));
  consume.end(at(t0, 110));
  root.end(at(t0, 120));
  return root.spanContext().traceId;
}

async function runCell(protocol, compression, endpoint, service) {
  const rec = recording(exporter(protocol, compression, endpoint));
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new BatchSpanProcessor({ exporter: rec })],
  });
  let traceId;
  try {
    const t0 = BigInt(Date.now() - 1000) * 1000000n;
    traceId = sendKnownTrace(provider.getTracer('pinscope.conformance', '1.0.0'), t0);
  } finally {
    await provider.shutdown();
  }
  const failed = rec.results.filter((r) => r.code !== 0);
  if (rec.results.length === 0 || failed.length > 0) {
    return 'FAIL export results [' + rec.results.map((r) => (r.code === 0 ? 'SUCCESS' : String(r.error))).join(',') + ']';
  }
  return 'OK ' + traceId;
}

async function main(cells) {
  for (const cell of cells) {
    const [protocol, compression, endpoint, service] = cell.split('|');
    let outcome;
    try {
      outcome = await runCell(protocol, compression, endpoint, service);
    } catch (e) {
      // One cell's failure must not hide the others.
      console.error(e);
      outcome = 'FAIL ' + String(e).replace(/\n/g, ' ');
    }
    console.log('CELL', protocol, compression, outcome);
  }
}

main(process.argv.slice(2));
