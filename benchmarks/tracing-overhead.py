#!/usr/bin/env python3
"""What tracing costs: the steady scenario's shape (orders at a fixed rate for a fixed time) against a running stack,
with real tokens (the Gatling benchmarks predate the security work and send none). Prints checkout's latency
percentiles (POST /api/orders, the customer's wait) and placed -> terminal from the orders' timelines.

  benchmarks/tracing-overhead.py LABEL [RATE] [SECONDS]

Ports from the environment (CHECKOUT_PORT, INVENTORY_PORT), the customer's token from ./securecart token alice (in
TOKEN) and the admin's (ops) in ADMIN_TOKEN, to restock the SKU before the run. Run it against a stack whose order rate
limit is raised (SECURECART_ORDER_RATE_LIMIT): this is one customer ordering fast. docs/observability.md says how
the figures there were taken: the same stack, restarted with tracing on and off, runs interleaved.
"""
import json, os, statistics, sys, threading, time, urllib.error, urllib.request, uuid
from datetime import datetime

label = sys.argv[1]
rate = float(sys.argv[2]) if len(sys.argv) > 2 else 8.0
seconds = int(sys.argv[3]) if len(sys.argv) > 3 else 30
checkout = "http://localhost:%s" % os.environ.get("CHECKOUT_PORT", "8080")
inventory = "http://localhost:%s" % os.environ.get("INVENTORY_PORT", "8084")
token, admin = os.environ["TOKEN"], os.environ["ADMIN_TOKEN"]
SKU = "SC-STICKER-004"


def instant(text):
    """An ISO-8601 instant, its fraction cut to the microseconds Python reads."""
    head, _, fraction = text.rstrip("Z").partition(".")
    return datetime.fromisoformat(head + ("." + fraction[:6] if fraction else "") + "+00:00")


def call(method, url, body=None, auth=token, extra=None):
    headers = {"Authorization": "Bearer " + auth, "Content-Type": "application/json"}
    headers.update(extra or {})
    request = urllib.request.Request(url, data=None if body is None else json.dumps(body).encode(), method=method,
                                      headers=headers)
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.status, json.load(answer)


def count_stock(sku, stock_on_hand, attempts=3):
    """A stock count names the version it was counted against (If-Match, ADR 41): read the product, send its ETag; a
    412 (an order moved it meanwhile) reads it again with the refusal's Consistency-Token, and counts again."""
    url, read_after = "%s/api/catalog/products/%s" % (inventory, sku), {}
    for attempt in range(attempts):
        read = urllib.request.Request(url, headers={"Authorization": "Bearer " + admin, **read_after})
        with urllib.request.urlopen(read, timeout=30) as answer:
            etag = answer.headers["ETag"]
        try:
            return call("PUT", url + "/stock", {"stockOnHand": stock_on_hand}, auth=admin, extra={"If-Match": etag})
        except urllib.error.HTTPError as refused:
            if refused.code != 412 or attempt == attempts - 1:
                raise
            read_after = {"Consistency-Token": refused.headers["Consistency-Token"]}


count_stock(SKU, 100000)
latencies, orders, errors = [], [], []
lock = threading.Lock()


def place():
    started = time.perf_counter()
    try:
        status, order = call("POST", checkout + "/api/orders",
                             {"items": [{"sku": SKU, "quantity": 1}], "paymentToken": "tok_visa"},
                             extra={"Idempotency-Key": str(uuid.uuid4())})
        with lock:
            latencies.append((time.perf_counter() - started) * 1000)
            orders.append(order["id"])
    except Exception as ex:  # counted, and shown
        with lock:
            errors.append(repr(ex))


threads = []
begin = time.perf_counter()
for n in range(int(rate * seconds)):
    delay = begin + n / rate - time.perf_counter()
    if delay > 0:
        time.sleep(delay)
    thread = threading.Thread(target=place)
    thread.start()
    threads.append(thread)
for thread in threads:
    thread.join()

durations, pending = [], list(orders)
deadline = time.time() + 120
while pending and time.time() < deadline:
    still = []
    for order_id in pending:
        _, order = call("GET", "%s/api/orders/%s" % (checkout, order_id))
        if order["status"] in ("SHIPPED", "CANCELLED"):
            times = [instant(e["at"]) for e in order["timeline"]]
            durations.append((max(times) - min(times)).total_seconds() * 1000)
        else:
            still.append(order_id)
    pending = still
    if pending:
        time.sleep(2)


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * len(values) + 0.5)) - 1)] if values else float("nan")


print(json.dumps({"label": label, "rate": rate, "seconds": seconds, "placed": len(orders), "errors": len(errors),
                  "checkout_p50_ms": round(pct(latencies, 50), 1), "checkout_p99_ms": round(pct(latencies, 99), 1),
                  "checkout_mean_ms": round(statistics.mean(latencies), 1) if latencies else None,
                  "terminal": len(durations), "unfinished": len(pending),
                  "placed_to_terminal_p50_ms": round(pct(durations, 50), 1),
                  "placed_to_terminal_p99_ms": round(pct(durations, 99), 1),
                  "first_errors": errors[:3]}))
