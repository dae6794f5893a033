<?php
// A service of the polyglot shop (see ../README.md for the hop protocol), on PHP's built-in server
// (`php -S 127.0.0.1:$PORT hop.php`). NOT traced by the OpenTelemetry PHP SDK, which cannot be installed here:
// it continues W3C trace context by hand (traceparent parsed and written, tracestate passed on unchanged, as an
// SDK does) and exports its SERVER and CLIENT spans as OTLP/HTTP protobuf through classes generated with protoc
// from the official opentelemetry-proto files (otlp.php). Configured by SERVICE, PORT, DOWNSTREAM and
// OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT.

declare(strict_types=1);

require __DIR__ . '/otlp.php';

const TRACEPARENT = '/^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/';

$service = getenv('SERVICE') ?: '';
$port = (int) (getenv('PORT') ?: 0);
$downstream = array_values(array_filter(array_map(fn ($d) => rtrim(trim($d), '/'),
    explode(',', getenv('DOWNSTREAM') ?: ''))));

$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($path !== '/hop') {
    http_response_code(404);
    header('Content-Type: application/json');
    echo json_encode(['error' => "no such path: $path"]);
    return;
}

$start = now_nanos();
$traceparent = $_SERVER['HTTP_TRACEPARENT'] ?? null;
$tracestate = $_SERVER['HTTP_TRACESTATE'] ?? '';
$parentSpanId = null;
$sampled = true;
if ($traceparent !== null && preg_match(TRACEPARENT, $traceparent, $m)
        && $m[1] !== str_repeat('0', 32) && $m[2] !== str_repeat('0', 16)) {
    $traceId = $m[1];
    $parentSpanId = $m[2];
    $sampled = (hexdec($m[3]) & 1) === 1;
} else {
    $traceId = bin2hex(random_bytes(16));
    $tracestate = '';
}
$spanId = bin2hex(random_bytes(8));
$query = $_SERVER['QUERY_STRING'] ?? '';
parse_str($query, $params);
$fail = ($params['fail'] ?? null) === $service;

$spans = [];
$answers = [];
if (!$fail) {
    foreach ($downstream as $base) {
        $url = $base . '/hop' . ($query !== '' ? '?' . $query : '');
        $clientSpanId = bin2hex(random_bytes(8));
        $clientStart = now_nanos();
        $headers = ['traceparent: 00-' . $traceId . '-' . $clientSpanId . '-' . ($sampled ? '01' : '00')];
        if ($tracestate !== '') {
            $headers[] = 'tracestate: ' . $tracestate;
        }
        [$status, $body] = http_request('GET', $url, $headers);
        $answer = $status === 0 ? null : json_decode($body, true);
        $answers[] = is_array($answer) ? $answer
            : ['url' => $url, 'status' => $status, 'error' => $status === 0 ? $body : 'not JSON'];
        $target = parse_url($url);
        $spans[] = otlp_span($traceId, $clientSpanId, $spanId, $tracestate, 'GET', 'client', $clientStart,
            now_nanos(), [
                'http.request.method' => 'GET',
                'url.full' => $url,
                'server.address' => $target['host'],
                'server.port' => $target['port'] ?? 80,
                'http.response.status_code' => $status,
            ], $status === 0 || $status >= 500);
    }
}

$status = $fail ? 500 : 200;
$body = json_encode([
    'service' => $service,
    'runtime' => 'php',
    'status' => $status,
    'traceparent' => $traceparent,
    'tracestate' => $_SERVER['HTTP_TRACESTATE'] ?? null,
] + ($fail ? ['error' => 'failing on purpose'] : []) + ['downstream' => $answers]);

$spans[] = otlp_span($traceId, $spanId, $parentSpanId, $tracestate, 'GET /hop', 'server', $start, now_nanos(), [
    'http.request.method' => 'GET',
    'http.route' => '/hop',
    'url.path' => '/hop',
    'url.scheme' => 'http',
    'server.address' => '127.0.0.1',
    'server.port' => $port,
    'client.address' => $_SERVER['REMOTE_ADDR'] ?? '',
    'network.protocol.version' => '1.1',
    'http.response.status_code' => $status,
], $status >= 500);
// Exported before answering, so that a caller's answer means the spans were sent (PHP's built-in server keeps
// no process between requests in which a batch could wait).
if ($sampled) {
    otlp_export($spans);
}

http_response_code($status);
header('Content-Type: application/json');
echo $body;
