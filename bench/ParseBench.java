// Bounded load generator for Heliobase (or any Parse Server) on 127.0.0.1. JDK only; run as a single-file program:
//
//   $JAVA_HOME/bin/java bench/ParseBench.java --url http://127.0.0.1:PORT/parse --app-id heliobase \
//       --master-key K [--server-pid PID] [--store-pid PID] [--class GameScore] [--out results.properties]
//
// Phases (fixed counts and concurrency, each on its own fixed pool of client threads):
//   warmup  400 mixed requests (creates, gets, queries, increments, small batches), not counted
//   create  2,000 POST /classes/C with a small GameScore-like body,               c=32
//   get     5,000 GET /classes/C/:id over the created ids,                         c=32
//   query   1,000 GET /classes/C?where={"score":{"$gt":X}}&order=score&limit=100,  c=16 (each must return 100 rows)
//   update  2,000 PUT /classes/C/:id {"score":{"__op":"Increment","amount":1}},    c=32 (each id once)
//   batch   20 POST /batch of 50 creates each,                                      c=4  (throughput in objects/s)
// Any non-2xx answer, transport error, batch item error or short query result fails the run (exit code 1).
// Every loop is bounded by its count and by --phase-timeout-s (default 120 s).
//
// With --server-pid / --store-pid, utime+stime from /proc/PID/stat are read around each phase and reported as
// CPU ms per operation (per object for batch); VmRSS from /proc/PID/status is reported after the run.
//
//   $JAVA_HOME/bin/java bench/ParseBench.java --summarize "embedded=r1.properties,r2.properties,r3.properties" \
//       "split=r4.properties,..."
// prints markdown tables with the median of every figure across the runs of each mode.

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class ParseBench {

    // ---- load shape -------------------------------------------------------------------------------------------
    static final int WARMUP = 400;
    static final int CREATES = 2_000, CREATE_C = 32;
    static final int GETS = 5_000, GET_C = 32;
    static final int QUERIES = 1_000, QUERY_C = 16, QUERY_LIMIT = 100;
    static final int UPDATES = 2_000, UPDATE_C = 32;
    static final int BATCHES = 20, BATCH_SIZE = 50, BATCH_C = 4;

    static final Pattern OBJECT_ID = Pattern.compile("\"objectId\"\\s*:\\s*\"([^\"]+)\"");
    static final String SCORE_KEY = "\"score\":";
    static final Pattern SUCCESS = Pattern.compile("\"success\"\\s*:");
    static final Pattern ITEM_ERROR = Pattern.compile("\"error\"\\s*:");

    final URI base;
    final String appId, masterKey, className;
    final long serverPid, storePid;
    final long phaseTimeoutNanos;
    final HttpClient http;
    final long clkTck;
    final Map<String, String> results = new LinkedHashMap<>();
    final List<String> createdIds = new ArrayList<>();

    ParseBench(URI base, String appId, String masterKey, String className, long serverPid, long storePid,
               int phaseTimeoutSeconds) {
        this.base = base;
        this.appId = appId;
        this.masterKey = masterKey;
        this.className = className;
        this.serverPid = serverPid;
        this.storePid = storePid;
        this.phaseTimeoutNanos = TimeUnit.SECONDS.toNanos(phaseTimeoutSeconds);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(java.net.ProxySelector.of(null))
                .build();
        this.clkTck = clockTicks();
    }

    // ---- entry point ------------------------------------------------------------------------------------------

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--summarize")) {
            Summary.print(Arrays.copyOfRange(args, 1, args.length), System.out);
            return;
        }
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                usage("bad argument: " + a);
            }
            opt.put(a.substring(2), args[++i]);
        }
        for (String k : opt.keySet()) {
            if (!List.of("url", "app-id", "master-key", "server-pid", "store-pid", "class", "out",
                    "phase-timeout-s").contains(k)) {
                usage("unknown option --" + k);
            }
        }
        String url = opt.get("url");
        if (url == null) {
            usage("--url is required");
        }
        URI base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        if (!"http".equals(base.getScheme()) || !"127.0.0.1".equals(base.getHost())) {
            usage("refusing to target " + url + ": only http://127.0.0.1:PORT/... is allowed");
        }
        ParseBench bench = new ParseBench(base, opt.getOrDefault("app-id", "heliobase"),
                opt.getOrDefault("master-key", ""), opt.getOrDefault("class", "GameScore"),
                Long.parseLong(opt.getOrDefault("server-pid", "0")), Long.parseLong(opt.getOrDefault("store-pid", "0")),
                Integer.parseInt(opt.getOrDefault("phase-timeout-s", "120")));
        Path out = opt.containsKey("out") ? Path.of(opt.get("out")) : null;
        int code = bench.run(out);
        System.exit(code);
    }

    static void usage(String problem) {
        System.err.println("ParseBench: " + problem);
        System.err.println("usage: java bench/ParseBench.java --url http://127.0.0.1:PORT/parse --app-id ID"
                + " --master-key K [--server-pid PID] [--store-pid PID] [--class NAME] [--out FILE]"
                + " [--phase-timeout-s 120]");
        System.err.println("       java bench/ParseBench.java --summarize LABEL=f1,f2,f3 [LABEL=...]");
        System.exit(2);
    }

    int run(Path out) throws Exception {
        long started = System.nanoTime();
        put("class", className);
        put("clk_tck", clkTck);
        put("nproc", Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "ParseBench -> %s (class %s, server pid %s, store pid %s)%n", base, className,
                serverPid > 0 ? serverPid : "-", storePid > 0 ? storePid : "-");
        String failure = null;
        try {
            warmup();
            Phase create = phase("create", CREATES, CREATE_C, i -> {
                Response r = send("POST", "/classes/" + className, gameScore(i, "p"));
                Matcher m = OBJECT_ID.matcher(r.body);
                if (r.status != 201 || !m.find()) {
                    throw new BenchFailure("create: expected 201 with an objectId, got " + r);
                }
                synchronized (createdIds) {
                    createdIds.add(m.group(1));
                }
            }, 1);
            report(create);
            String[] ids = createdIds.toArray(String[]::new);
            // deterministic shuffle so gets and updates do not walk ids in creation order
            Random rnd = new Random(7);
            int[] getOrder = new int[GETS];
            for (int i = 0; i < GETS; i++) {
                getOrder[i] = rnd.nextInt(ids.length);
            }
            report(phase("get", GETS, GET_C, i -> {
                String id = ids[getOrder[i]];
                Response r = send("GET", "/classes/" + className + "/" + id, null);
                if (r.status != 200 || !r.body.contains(id)) {
                    throw new BenchFailure("get: expected 200 with the object, got " + r);
                }
            }, 1));
            // scores of the created objects are 0..CREATES-1 (plus warm-up objects at >= 1,000,000), so any
            // threshold below CREATES - QUERY_LIMIT leaves at least QUERY_LIMIT matches
            int[] thresholds = new int[QUERIES];
            for (int i = 0; i < QUERIES; i++) {
                thresholds[i] = rnd.nextInt(CREATES - QUERY_LIMIT - 1);
            }
            report(phase("query", QUERIES, QUERY_C, i -> query(thresholds[i]), 1));
            List<Integer> updateOrder = new ArrayList<>();
            for (int i = 0; i < UPDATES; i++) {
                updateOrder.add(i % ids.length);
            }
            java.util.Collections.shuffle(updateOrder, rnd);
            report(phase("update", UPDATES, UPDATE_C, i -> {
                String id = ids[updateOrder.get(i)];
                Response r = send("PUT", "/classes/" + className + "/" + id,
                        "{\"score\":{\"__op\":\"Increment\",\"amount\":1}}");
                if (r.status != 200 || !r.body.contains("updatedAt")) {
                    throw new BenchFailure("update: expected 200 with updatedAt, got " + r);
                }
            }, 1));
            report(phase("batch", BATCHES, BATCH_C, i -> batch(i, BATCH_SIZE, "b"), BATCH_SIZE));
        } catch (BenchFailure e) {
            failure = e.getMessage();
        }
        memory("server", serverPid);
        memory("store", storePid);
        put("total_s", fmt((System.nanoTime() - started) / 1e9));
        put("result", failure == null ? "ok" : "FAILED");
        if (out != null) {
            StringBuilder sb = new StringBuilder();
            results.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
            Files.writeString(out, sb.toString());
        }
        if (failure != null) {
            System.err.println();
            System.err.println("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
            System.err.println("!! BENCHMARK FAILED: " + failure);
            System.err.println("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
            return 1;
        }
        System.out.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - started) / 1e9);
        return 0;
    }

    // ---- operations -------------------------------------------------------------------------------------------

    static String gameScore(int score, String prefix) {
        return "{\"score\":" + score + ",\"playerName\":\"" + prefix + "-player-" + score
                + "\",\"cheatMode\":" + (score % 7 == 0) + ",\"level\":" + (score % 20) + "}";
    }

    void query(int threshold) {
        String where = "{\"score\":{\"$gt\":" + threshold + "}}";
        String path = "/classes/" + className + "?where=" + URLEncoder.encode(where, StandardCharsets.UTF_8)
                + "&order=score&limit=" + QUERY_LIMIT;
        Response r = send("GET", path, null);
        if (r.status != 200) {
            throw new BenchFailure("query: expected 200, got " + r);
        }
        // a plain scan for "score":N (cheaper than a regex; the client shares the machine with the server)
        String body = r.body;
        int n = 0;
        long prev = Long.MIN_VALUE;
        for (int at = body.indexOf(SCORE_KEY); at >= 0; at = body.indexOf(SCORE_KEY, at + 1)) {
            int i = at + SCORE_KEY.length();
            while (i < body.length() && body.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            if (i < body.length() && body.charAt(i) == '-') {
                i++;
            }
            while (i < body.length() && Character.isDigit(body.charAt(i))) {
                i++;
            }
            long s = Long.parseLong(body, start, i, 10);
            if (s <= threshold || s < prev) {
                throw new BenchFailure("query: score " + s + " out of order or not > " + threshold);
            }
            prev = s;
            n++;
        }
        if (n != QUERY_LIMIT) {
            throw new BenchFailure("query score>" + threshold + ": expected " + QUERY_LIMIT + " rows, got " + n
                    + " (" + r.shortBody() + ")");
        }
    }

    void batch(int batchNo, int size, String prefix) {
        StringBuilder sb = new StringBuilder("{\"requests\":[");
        String path = base.getPath() + "/classes/" + className;
        for (int j = 0; j < size; j++) {
            if (j > 0) {
                sb.append(',');
            }
            int score = 500_000 + batchNo * size + j;
            sb.append("{\"method\":\"POST\",\"path\":\"").append(path).append("\",\"body\":")
                    .append(gameScore(score, prefix)).append('}');
        }
        sb.append("]}");
        Response r = send("POST", "/batch", sb.toString());
        if (r.status != 200) {
            throw new BenchFailure("batch: expected 200, got " + r);
        }
        int ok = count(SUCCESS, r.body);
        if (ok != size || count(ITEM_ERROR, r.body) != 0) {
            throw new BenchFailure("batch: expected " + size + " successes, got " + ok + " (" + r.shortBody() + ")");
        }
    }

    static int count(Pattern p, String s) {
        Matcher m = p.matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** A few hundred mixed requests on the same class, not counted: JIT, connection pools, class creation. */
    void warmup() {
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        // class creation first, alone
        Response first = send("POST", "/classes/" + className, gameScore(1_000_000, "w"));
        if (first.status != 201) {
            throw new BenchFailure("warm-up create: expected 201, got " + first);
        }
        Matcher m0 = OBJECT_ID.matcher(first.body);
        m0.find();
        ids.add(m0.group(1));
        // ~200 creates so queries have rows to return, then gets, queries, updates and small batches mixed
        Phase seed = phase("warmup-create", 150, 16, i -> {
            Response r = send("POST", "/classes/" + className, gameScore(1_000_001 + i, "w"));
            Matcher m = OBJECT_ID.matcher(r.body);
            if (r.status != 201 || !m.find()) {
                throw new BenchFailure("warm-up create: expected 201, got " + r);
            }
            ids.add(m.group(1));
        }, 1);
        int mixed = WARMUP - 1 - seed.count;
        Phase mix = phase("warmup-mixed", mixed, 16, i -> {
            String id = ids.get(i % ids.size());
            Response r;
            switch (i % 5) {
                case 0, 1 -> r = send("GET", "/classes/" + className + "/" + id, null);
                case 2 -> {
                    String where = "{\"score\":{\"$gt\":" + (1_000_000 + (i % 40)) + "}}";
                    r = send("GET", "/classes/" + className + "?where="
                            + URLEncoder.encode(where, StandardCharsets.UTF_8) + "&order=score&limit=100", null);
                }
                case 3 -> r = send("PUT", "/classes/" + className + "/" + id,
                        "{\"score\":{\"__op\":\"Increment\",\"amount\":1}}");
                default -> {
                    batch(1000 + i, 5, "w");
                    return;
                }
            }
            if (r.status / 100 != 2) {
                throw new BenchFailure("warm-up: got " + r);
            }
        }, 1);
        System.out.printf(Locale.ROOT, "warm-up: %d requests in %.1f s (not counted)%n", 1 + seed.count + mix.count,
                (seed.wallNanos + mix.wallNanos) / 1e9);
    }

    // ---- phase runner -----------------------------------------------------------------------------------------

    interface Op {
        void run(int index);
    }

    static final class BenchFailure extends RuntimeException {
        BenchFailure(String message) {
            super(message);
        }
    }

    record Phase(String name, int count, int concurrency, int objectsPerOp, long wallNanos, long[] latNanos,
                 long serverTicks, long storeTicks, long clientCpuNanos, long machineBusy, long machineTotal,
                 long startEpochMs, long endEpochMs) {
    }

    record CpuSample(long server, long store, long clientCpuNanos, long[] machine) {
    }

    CpuSample sampleCpu() {
        return new CpuSample(procTicks(serverPid), procTicks(storePid), clientCpuNanos(), machineJiffies());
    }

    /** Runs count operations on a fixed pool of concurrency threads; fails on any error or on the time limit. */
    Phase phase(String name, int count, int concurrency, Op op, int objectsPerOp) {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "bench-" + name);
            t.setDaemon(true);
            return t;
        });
        long[] lat = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        CountDownLatch ready = new CountDownLatch(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        long[] startAt = new long[1];
        for (int t = 0; t < concurrency; t++) {
            pool.execute(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long deadline = startAt[0] + phaseTimeoutNanos;
                while (errors.get() == 0 && System.nanoTime() < deadline) {
                    int i = next.getAndIncrement();
                    if (i >= count) {
                        return;
                    }
                    long t0 = System.nanoTime();
                    try {
                        op.run(i);
                        lat[i] = System.nanoTime() - t0;
                        done.incrementAndGet();
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                        if (firstErrors.size() < 5) {
                            firstErrors.add(e.getMessage());
                        }
                    }
                }
            });
        }
        try {
            ready.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CpuSample before = sampleCpu();
        long startEpochMs = System.currentTimeMillis();
        startAt[0] = System.nanoTime();
        go.countDown();
        pool.shutdown();
        boolean finished;
        try {
            // the phase limit plus the longest a request in flight can take (request timeout 30 s)
            finished = pool.awaitTermination(phaseTimeoutNanos + TimeUnit.SECONDS.toNanos(35), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        long wall = System.nanoTime() - startAt[0];
        CpuSample after = sampleCpu();
        if (!finished) {
            pool.shutdownNow();
        }
        if (errors.get() > 0) {
            put(name + ".errors", errors.get());
            throw new BenchFailure("phase " + name + ": " + errors.get() + " error(s); first: "
                    + String.join(" | ", firstErrors));
        }
        if (done.get() != count) {
            put(name + ".errors", count - done.get());
            throw new BenchFailure("phase " + name + ": only " + done.get() + " of " + count + " operations in "
                    + (phaseTimeoutNanos / 1_000_000_000L) + " s (phase time limit)");
        }
        return new Phase(name, count, concurrency, objectsPerOp, wall, lat,
                after.server - before.server, after.store - before.store,
                after.clientCpuNanos - before.clientCpuNanos,
                (after.machine[1] - after.machine[0]) - (before.machine[1] - before.machine[0]),
                after.machine[1] - before.machine[1], startEpochMs, System.currentTimeMillis());
    }

    void report(Phase p) {
        long[] sorted = p.latNanos.clone();
        Arrays.sort(sorted);
        double secs = p.wallNanos / 1e9;
        int objects = p.count * p.objectsPerOp;
        double opsPerSec = objects / secs; // objects/s for batch
        double p50 = percentile(sorted, 50) / 1e6, p99 = percentile(sorted, 99) / 1e6, max = sorted[sorted.length - 1] / 1e6;
        String n = p.name;
        put(n + ".ops", p.count);
        put(n + ".objects", objects);
        put(n + ".concurrency", p.concurrency);
        put(n + ".seconds", fmt(secs));
        put(n + ".ops_per_s", fmt(opsPerSec));
        put(n + ".p50_ms", fmt(p50));
        put(n + ".p99_ms", fmt(p99));
        put(n + ".max_ms", fmt(max));
        put(n + ".errors", 0);
        put(n + ".start_epoch_ms", p.startEpochMs);
        put(n + ".end_epoch_ms", p.endEpochMs);
        double msPerTick = 1000.0 / clkTck;
        StringBuilder cpu = new StringBuilder();
        if (serverPid > 0) {
            double ms = p.serverTicks * msPerTick / objects;
            put(n + ".server_cpu_ms_per_op", fmt(ms));
            cpu.append(String.format(Locale.ROOT, "  server CPU %.3f ms/%s", ms, p.objectsPerOp > 1 ? "obj" : "op"));
        }
        if (storePid > 0) {
            double ms = p.storeTicks * msPerTick / objects;
            put(n + ".store_cpu_ms_per_op", fmt(ms));
            cpu.append(String.format(Locale.ROOT, "  store CPU %.3f ms/%s", ms, p.objectsPerOp > 1 ? "obj" : "op"));
        }
        double clientMs = p.clientCpuNanos / 1e6 / objects;
        put(n + ".client_cpu_ms_per_op", fmt(clientMs));
        double busy = p.machineTotal > 0 ? 100.0 * p.machineBusy / p.machineTotal : 0;
        put(n + ".machine_busy_pct", fmt(busy));
        // CPU used meanwhile by processes other than server, store and this client, in cores (noise indicator)
        double ownTicks = p.serverTicks + p.storeTicks + p.clientCpuNanos / 1e9 * clkTck;
        double otherCores = Math.max(0, (p.machineBusy - ownTicks) / clkTck / secs);
        put(n + ".other_cores", fmt(otherCores));
        System.out.printf(Locale.ROOT, "%-7s %6d %s in %6.2f s  %8.1f %s/s  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms"
                        + "  c=%d  errors 0%s  client CPU %.3f ms/op  machine busy %.0f%% (other processes %.2f cores)%n",
                n, objects, p.objectsPerOp > 1 ? "objects" : "ops", secs, opsPerSec,
                p.objectsPerOp > 1 ? "obj" : "ops", p50, p99, max, p.concurrency, cpu, clientMs, busy, otherCores);
    }

    /** Exact nearest-rank percentile of sorted latencies. */
    static long percentile(long[] sorted, double pct) {
        int rank = (int) Math.ceil(pct / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    // ---- HTTP -------------------------------------------------------------------------------------------------

    record Response(int status, String body) {
        String shortBody() {
            return body.length() > 300 ? body.substring(0, 300) + "..." : body;
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + shortBody();
        }
    }

    Response send(String method, String pathAndQuery, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .header("X-Parse-Application-Id", appId);
        if (!masterKey.isEmpty()) {
            b.header("X-Parse-Master-Key", masterKey);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new BenchFailure(method + " " + pathAndQuery + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure(method + " " + pathAndQuery + ": interrupted");
        }
        if (r.statusCode() / 100 != 2) {
            throw new BenchFailure(method + " " + pathAndQuery + " -> HTTP " + r.statusCode() + " "
                    + new Response(r.statusCode(), r.body()).shortBody());
        }
        return new Response(r.statusCode(), r.body());
    }

    // ---- /proc ------------------------------------------------------------------------------------------------

    static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Long.parseLong(s);
            }
        } catch (IOException | InterruptedException | NumberFormatException e) {
            // fall through
        }
        return 100;
    }

    /** utime + stime of a process in clock ticks, or 0 without a pid. */
    static long procTicks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // fields after the command name (which may contain spaces) start at field 3 (state)
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15
        } catch (IOException e) {
            throw new BenchFailure("cannot read /proc/" + pid + "/stat (process gone?): " + e);
        }
    }

    /** {busy, total} jiffies of the whole machine from /proc/stat. */
    static long[] machineJiffies() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = line.trim().split("\\s+");
            long total = 0, idle = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4 || i == 5) {
                    idle += v; // idle, iowait
                }
            }
            return new long[] {idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    static long clientCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    void memory(String who, long pid) {
        if (pid <= 0) {
            return;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    put(who + ".rss_mb", fmt(kb / 1024.0));
                    System.out.printf(Locale.ROOT, "%s VmRSS after the run: %.0f MB%n", who, kb / 1024.0);
                }
            }
        } catch (IOException e) {
            System.err.println("cannot read /proc/" + pid + "/status: " + e);
        }
    }

    void put(String key, Object value) {
        results.put(key, String.valueOf(value));
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }

    // ---- --summarize: medians across runs as markdown ---------------------------------------------------------

    static final class Summary {
        static final String[] PHASES = {"create", "get", "query", "update", "batch"};
        static final String[] LABELS = {"create", "get by id", "query (100 rows)", "increment update",
                "batch (objects/s)"};
        /** Parse Server 9.10 on PostgreSQL, same load shape, same 2-core machine: ops/s and CPU ms per op. */
        static final double[] PARSE_OPS = {540, 795, 333, 463, 1667};
        static final String[] PARSE_OPS_TEXT = {"540", "795", "287–333", "463", "1,667"};
        static final double[] PARSE_CPU = {2.26, 1.58, 3.8, 2.98, 0.92};
        static final String[] PARSE_CPU_TEXT = {"2.26", "1.58", "3.8–4.4", "2.98", "0.92"};

        static void print(String[] specs, PrintStream out) throws IOException {
            List<String> modes = new ArrayList<>();
            List<List<Map<String, String>>> runs = new ArrayList<>();
            for (String spec : specs) {
                int eq = spec.indexOf('=');
                modes.add(spec.substring(0, eq));
                List<Map<String, String>> list = new ArrayList<>();
                for (String f : spec.substring(eq + 1).split(",")) {
                    if (f.isBlank()) {
                        continue;
                    }
                    Map<String, String> m = new LinkedHashMap<>();
                    for (String line : Files.readAllLines(Path.of(f))) {
                        int i = line.indexOf('=');
                        if (i > 0) {
                            m.put(line.substring(0, i), line.substring(i + 1));
                        }
                    }
                    list.add(m);
                }
                runs.add(list);
            }
            for (int k = 0; k < modes.size(); k++) {
                List<Map<String, String>> rs = runs.get(k);
                boolean hasStore = rs.stream().anyMatch(m -> m.containsKey("create.store_cpu_ms_per_op"));
                out.printf("### %s — median of %d run(s)%n%n", modes.get(k), rs.size());
                out.println("| phase | ops/s | p50 ms | p99 ms | errors | API CPU ms/op"
                        + (hasStore ? " | store CPU ms/op" : "") + " | client CPU ms/op | machine busy | other procs (cores) |");
                out.println("|---|---:|---:|---:|---:|---:|" + (hasStore ? "---:|" : "") + "---:|---:|---:|");
                for (int p = 0; p < PHASES.length; p++) {
                    String ph = PHASES[p];
                    out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%s %s | %s | %s |%n", LABELS[p],
                            num(median(rs, ph + ".ops_per_s"), 0), num(median(rs, ph + ".p50_ms"), 1),
                            num(median(rs, ph + ".p99_ms"), 1), num(max(rs, ph + ".errors"), 0),
                            num(median(rs, ph + ".server_cpu_ms_per_op"), 2),
                            hasStore ? " " + num(median(rs, ph + ".store_cpu_ms_per_op"), 2) + " |" : "",
                            num(median(rs, ph + ".client_cpu_ms_per_op"), 2),
                            num(median(rs, ph + ".machine_busy_pct"), 0) + "%",
                            num(median(rs, ph + ".other_cores"), 2));
                }
                out.printf(Locale.ROOT, "%nVmRSS after a run (median): API %s MB%s. Per-run ops/s: %s%n%n",
                        num(median(rs, "server.rss_mb"), 0),
                        hasStore ? ", store " + num(median(rs, "store.rss_mb"), 0) + " MB" : "",
                        perRun(rs));
            }
            // comparison with Parse Server
            out.println("### Against Parse Server 9.10 (Node, PostgreSQL, same machine and load shape)");
            out.println();
            StringBuilder head = new StringBuilder("| phase | Parse ops/s |");
            StringBuilder sep = new StringBuilder("|---|---:|");
            for (String m : modes) {
                head.append(" ").append(m).append(" ops/s (× Parse) |");
                sep.append("---:|");
            }
            head.append(" Parse CPU ms/op |");
            sep.append("---:|");
            for (String m : modes) {
                head.append(" ").append(m).append(" API CPU ms/op (÷ Parse) |");
                sep.append("---:|");
            }
            out.println(head);
            out.println(sep);
            for (int p = 0; p < PHASES.length; p++) {
                StringBuilder row = new StringBuilder("| " + LABELS[p] + " | " + PARSE_OPS_TEXT[p] + " |");
                for (List<Map<String, String>> rs : runs) {
                    double ops = median(rs, PHASES[p] + ".ops_per_s");
                    row.append(String.format(Locale.ROOT, " %s (%.1f×) |", num(ops, 0), ops / PARSE_OPS[p]));
                }
                row.append(" ").append(PARSE_CPU_TEXT[p]).append(" |");
                for (List<Map<String, String>> rs : runs) {
                    double cpu = median(rs, PHASES[p] + ".server_cpu_ms_per_op");
                    row.append(String.format(Locale.ROOT, " %s (%s) |", num(cpu, 2),
                            Double.isNaN(cpu) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * cpu / PARSE_CPU[p])));
                }
                out.println(row);
            }
            out.println();
            out.println("Query: × Parse uses the upper Parse figure (333/s); CPU % uses the lower (3.8 ms). Batch: objects/s"
                    + " and CPU ms per object.");
        }

        static String perRun(List<Map<String, String>> rs) {
            StringBuilder sb = new StringBuilder();
            for (String ph : PHASES) {
                sb.append(ph).append(' ');
                for (int i = 0; i < rs.size(); i++) {
                    sb.append(i > 0 ? "/" : "").append(num(value(rs.get(i), ph + ".ops_per_s"), 0));
                }
                sb.append("; ");
            }
            if (rs.stream().anyMatch(m -> m.containsKey("attempts"))) {
                sb.append("attempts per run (repeated when other processes were busy) ");
                for (int i = 0; i < rs.size(); i++) {
                    sb.append(i > 0 ? "/" : "").append(rs.get(i).getOrDefault("attempts", "1"));
                }
                sb.append("; ");
            }
            return sb.substring(0, sb.length() - 2);
        }

        static double value(Map<String, String> m, String key) {
            String v = m.get(key);
            return v == null ? Double.NaN : Double.parseDouble(v);
        }

        static double median(List<Map<String, String>> rs, String key) {
            double[] v = rs.stream().mapToDouble(m -> value(m, key)).filter(d -> !Double.isNaN(d)).sorted().toArray();
            if (v.length == 0) {
                return Double.NaN;
            }
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }

        static double max(List<Map<String, String>> rs, String key) {
            return rs.stream().mapToDouble(m -> value(m, key)).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN);
        }

        static String num(double d, int decimals) {
            if (Double.isNaN(d)) {
                return "–";
            }
            return String.format(Locale.ROOT, "%,." + decimals + "f", d);
        }
    }
}
