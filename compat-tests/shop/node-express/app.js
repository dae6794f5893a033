// A service of the polyglot shop (see ../README.md for the hop protocol): Node express, traced by
// @opentelemetry/sdk-node + @opentelemetry/auto-instrumentations-node, started with
//   node --require @opentelemetry/auto-instrumentations-node/register app.js
// so the SDK, its default OTLP exporter and every setting come from the standard OTEL_* variables.
// Configured by PORT, SERVICE and DOWNSTREAM (comma-separated base URLs).
'use strict';

const http = require('node:http');
const express = require('express');

const service = process.env.SERVICE;
const port = Number(process.env.PORT);
if (!service || !port) {
  console.error('SERVICE and PORT must be set');
  process.exit(2);
}
const downstream = (process.env.DOWNSTREAM || '')
  .split(',').map((d) => d.trim().replace(/\/+$/, '')).filter((d) => d.length > 0);

// GETs url with node:http (instrumented by instrumentation-http); a failed or non-2xx answer is reported
// in the body, never propagated as this service's error.
function call(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 10000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch (e) {
          resolve({ url, status: res.statusCode, error: `not JSON: ${body.slice(0, 200)}` });
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ url, status: 0, error: String(e) }));
  });
}

const app = express();
app.get('/hop', async (req, res) => {
  const answer = {
    service,
    runtime: 'node',
    status: 200,
    traceparent: req.get('traceparent'),
    tracestate: req.get('tracestate'),
    downstream: [],
  };
  if (req.query.fail === service) {
    answer.status = 500;
    answer.error = 'failing on purpose';
  } else {
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    for (const d of downstream) {
      answer.downstream.push(await call(`${d}/hop${query}`));
    }
  }
  res.status(answer.status).json(answer);
});

const server = app.listen(port, '127.0.0.1', () => {
  console.log(`READY ${port}`);
});
// The register hook shuts the SDK down (exporting what is left) on SIGTERM; close the listener too.
process.on('SIGTERM', () => server.close());
