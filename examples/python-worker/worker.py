#!/usr/bin/env python3
"""A Tollgate remote worker in Python, with nothing but the standard library.

It claims items of the job types its key may run, summarises each document, and settles the
outcomes in batches. Tollgate keeps the money right whatever happens here: an outcome counts only
while this worker holds the item's lease on that attempt, so a worker that dies or stalls delivers
nothing, and its items are run again by another.

    TOLLGATE_URL=http://127.0.0.1:8787 TOLLGATE_KEY=tg_... python3 worker.py summarize

Environment: TOLLGATE_URL, TOLLGATE_KEY (a worker key), LEASE_MS (30000), WAIT_MS (20000),
BATCH (10). Stops cleanly on SIGTERM or SIGINT: it finishes and settles what it holds first.
"""
import json
import os
import signal
import sys
import time
import urllib.error
import urllib.request

URL = os.environ.get("TOLLGATE_URL", "http://127.0.0.1:8787").rstrip("/")
KEY = os.environ["TOLLGATE_KEY"]
LEASE_MS = int(os.environ.get("LEASE_MS", "30000"))
WAIT_MS = int(os.environ.get("WAIT_MS", "20000"))
BATCH = int(os.environ.get("BATCH", "10"))

stopping = False


def stop(_signum, _frame):
    global stopping
    stopping = True


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)


def post(path, body, timeout=None):
    """POST JSON; returns (status, parsed body). 4xx and 5xx are answers, not exceptions."""
    request = urllib.request.Request(
        URL + path,
        data=json.dumps(body).encode("utf-8"),
        headers={"Authorization": "Bearer " + KEY, "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def summarize(item):
    """The work: the first sentence and the length of each document."""
    text = str(item["input"].get("text", ""))
    words = text.split()
    first = text.split(".")[0].strip()
    return {"summary": first[:200], "words": len(words)}


def run(types):
    print(f"python worker: claiming {', '.join(types)} from {URL}", flush=True)
    while not stopping:
        try:
            status, body = post(
                "/v1/worker/claim",
                {"types": types, "max": BATCH, "lease_ms": LEASE_MS, "wait_ms": WAIT_MS},
                timeout=WAIT_MS / 1000 + 30,
            )
        except OSError as error:  # the server is restarting: try again shortly
            print(f"python worker: claim failed ({error}); retrying", file=sys.stderr, flush=True)
            time.sleep(1)
            continue
        if status in (401, 403):
            print(f"python worker: key refused ({status}): {body}", file=sys.stderr, flush=True)
            return 1
        if status != 200:
            time.sleep(1)
            continue
        outcomes = []
        for item in body["items"]:
            try:
                outcomes.append({"id": item["id"], "attempt": item["attempt"], "status": "succeeded", "result": summarize(item)})
            except Exception as error:  # a bad input fails the item; Tollgate refunds it
                outcomes.append({"id": item["id"], "attempt": item["attempt"], "status": "failed",
                                 "error": {"message": str(error)}, "retryable": False})
        while outcomes:
            try:
                status, body = post("/v1/worker/settle", {"outcomes": outcomes}, timeout=30)
            except OSError:
                time.sleep(1)
                continue  # settling again is safe: an outcome already settled is recognised
            if status == 200:
                for result in body["results"]:
                    state = result.get("error") or result["status"]
                    print(json.dumps({"settled": result["id"], "attempt": result["attempt"], "state": state}), flush=True)
                break
            time.sleep(1)
    print("python worker: stopped", flush=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: worker.py TYPE [TYPE ...]", file=sys.stderr)
        sys.exit(2)
    sys.exit(run(sys.argv[1:]))
