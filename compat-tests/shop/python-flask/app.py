"""A service of the polyglot shop (see ../README.md for the hop protocol).

Python Flask, traced by the OpenTelemetry Python SDK through ``opentelemetry-instrument`` (the distro's
auto-instrumentation: flask for the server, requests for the client, sqlite3 for the database), so the
SDK, its default OTLP exporter (gRPC) and every setting come from the standard OTEL_* variables. Configured
by PORT, SERVICE and DOWNSTREAM (comma-separated base URLs); with SQLITE_DB (a file path) every hop that
does not fail looks a price up in that SQLite database, created with one table at start.
"""

import os
import sqlite3
import sys

import requests
from flask import Flask, jsonify, request

SERVICE = os.environ.get("SERVICE", "")
PORT = int(os.environ.get("PORT", "0"))
DOWNSTREAM = [d.strip().rstrip("/") for d in os.environ.get("DOWNSTREAM", "").split(",") if d.strip()]
SQLITE_DB = os.environ.get("SQLITE_DB", "")

app = Flask(__name__)
session = requests.Session()


def call(url):
    """GETs url; a failed or non-2xx answer is reported in the body, never propagated as this service's error."""
    try:
        response = session.get(url, timeout=10)
        try:
            return response.json()
        except ValueError:
            return {"url": url, "status": response.status_code, "error": "not JSON: " + response.text[:200]}
    except requests.RequestException as e:
        return {"url": url, "status": 0, "error": repr(e)}


def create_database():
    """The table every hop reads; created without spans, which would be traces of their own."""
    try:
        from opentelemetry.instrumentation.utils import suppress_instrumentation
    except ImportError:  # run without opentelemetry-instrument
        from contextlib import nullcontext as suppress_instrumentation
    with suppress_instrumentation(), sqlite3.connect(SQLITE_DB) as db:
        db.execute("CREATE TABLE IF NOT EXISTS price (sku TEXT PRIMARY KEY, cents INTEGER NOT NULL)")
        db.execute("INSERT OR REPLACE INTO price VALUES ('book', 1250)")


def look_up_price():
    # Through a cursor: the instrumentation traces cursors, not the Connection.execute shortcut.
    with sqlite3.connect(SQLITE_DB) as db:
        cursor = db.cursor()
        cursor.execute("SELECT cents FROM price WHERE sku = ?", ("book",))
        row = cursor.fetchone()
    return row[0] if row else None


@app.get("/hop")
def hop():
    answer = {
        "service": SERVICE,
        "runtime": "python",
        "status": 200,
        "traceparent": request.headers.get("traceparent"),
        "tracestate": request.headers.get("tracestate"),
        "downstream": [],
    }
    if request.args.get("fail") == SERVICE:
        answer["status"] = 500
        answer["error"] = "failing on purpose"
    else:
        if SQLITE_DB:
            answer["price"] = look_up_price()
        query = request.query_string.decode("ascii")
        for d in DOWNSTREAM:
            answer["downstream"].append(call(d + "/hop" + ("?" + query if query else "")))
    return jsonify(answer), answer["status"]


if __name__ == "__main__":
    if not SERVICE or not PORT:
        sys.exit("SERVICE and PORT must be set")
    from werkzeug.serving import make_server

    if SQLITE_DB:
        create_database()

    server = make_server("127.0.0.1", PORT, app, threaded=True)
    print(f"READY {PORT}", flush=True)
    server.serve_forever()
