#!/usr/bin/env python3
"""Equality queries on an indexed vs an unindexed field of a 20,000-object class (one client, loopback).

usage: python3 bench/index_query.py http://127.0.0.1:PORT/parse MASTER_KEY
Creates class Item (400 batches of 50: 'owner' and 'team' both take 1,000 values, 20 objects each), declares an
index on 'owner' through /schemas, then times 300 queries per field per round, two rounds. Each query must return 20.
"""
import json
import random
import sys
import time
import urllib.parse
import urllib.request

base, master_key = sys.argv[1], sys.argv[2]
mount = urllib.parse.urlparse(base).path
HEADERS = {"X-Parse-Application-Id": "heliobase", "X-Parse-Master-Key": master_key, "Content-Type": "application/json"}


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, method=method, headers=HEADERS, data=data)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


for b in range(400):
    requests = [{"method": "POST", "path": mount + "/classes/Item",
                 "body": {"owner": "u%d" % ((b * 50 + j) % 1000), "team": "u%d" % ((b * 50 + j) % 1000)}}
                for j in range(50)]
    call("POST", "/batch", {"requests": requests})
call("PUT", "/schemas/Item", {"className": "Item", "indexes": {"owner_1": {"owner": 1}}})


def timed(field, count=300):
    latencies = []
    for _ in range(count):
        where = urllib.parse.quote(json.dumps({field: "u%d" % random.randrange(1000)}))
        started = time.perf_counter()
        results = call("GET", "/classes/Item?where=" + where)["results"]
        latencies.append((time.perf_counter() - started) * 1000)
        assert len(results) == 20, len(results)
    latencies.sort()
    return latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99)]


for _ in range(2):
    print("indexed owner: p50 %.2f ms p99 %.2f ms" % timed("owner"),
          "| unindexed team: p50 %.2f ms p99 %.2f ms" % timed("team"))
