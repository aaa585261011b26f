import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live-query fan-out benchmark (JDK only, loopback only): N subscribed WebSocket clients on one class, half of them
 * matching the query the writes satisfy; a steady series of writes and a burst; delivery latency from the write
 * request to each receipt, events/s, losses; then M idle connections and the server's RSS per connection.
 *
 * java bench/LiveQueryBench.java --url http://127.0.0.1:PORT/parse --app-id heliobase --master-key K
 *      [--server-pid PID] [--subscribers 1000] [--writes 200] [--rate 20] [--burst-in-flight 8] [--idle 10000]
 */
public class LiveQueryBench {
    private static final Pattern KEY = Pattern.compile("\"k\":\"([a-z0-9-]+)\"");
    private static final Pattern OP = Pattern.compile("\"op\":\"([a-z]+)\"");

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new ConcurrentHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = opt.get("url");
        if (url == null || !URI.create(url).getHost().equals("127.0.0.1")) {
            throw new IllegalArgumentException("--url must be an http://127.0.0.1:PORT/parse URL");
        }
        String appId = opt.getOrDefault("app-id", "heliobase");
        String masterKey = opt.get("master-key");
        long pid = Long.parseLong(opt.getOrDefault("server-pid", "0"));
        int subscribers = Integer.parseInt(opt.getOrDefault("subscribers", "1000"));
        int writes = Integer.parseInt(opt.getOrDefault("writes", "200"));
        int rate = Integer.parseInt(opt.getOrDefault("rate", "20"));
        int inFlight = Integer.parseInt(opt.getOrDefault("burst-in-flight", "8"));
        int idle = Integer.parseInt(opt.getOrDefault("idle", "10000"));
        String className = "LqBench" + System.currentTimeMillis() % 100000;

        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong received = new AtomicLong();
        AtomicLong lastReceipt = new AtomicLong();
        List<WebSocket> sockets = new ArrayList<>();
        long rssBefore = rss(pid);
        System.out.printf("opening %d subscribers on %s (half matching)...%n", subscribers, className);
        List<CompletableFuture<Void>> subscribed = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            boolean matching = i % 2 == 0;
            CompletableFuture<Void> ready = new CompletableFuture<>();
            subscribed.add(ready);
            WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(url.replaceFirst("^http", "ws")), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                String message = text.toString();
                                text.setLength(0);
                                Matcher op = OP.matcher(message);
                                String name = op.find() ? op.group(1) : "";
                                if (name.equals("subscribed")) {
                                    ready.complete(null);
                                } else if (name.equals("create")) {
                                    Matcher k = KEY.matcher(message);
                                    Long sent = k.find() ? sentAt.get(k.group(1)) : null;
                                    long now = System.nanoTime();
                                    if (sent != null) {
                                        latencies.add(now - sent);
                                    }
                                    received.incrementAndGet();
                                    lastReceipt.set(now);
                                }
                            }
                            webSocket.request(1);
                            return null;
                        }
                    }).get(30, TimeUnit.SECONDS);
            ws.sendText("{\"op\":\"connect\",\"applicationId\":\"" + appId + "\"}", true).join();
            ws.sendText("{\"op\":\"subscribe\",\"requestId\":1,\"query\":{\"className\":\"" + className
                    + "\",\"where\":{\"match\":" + matching + "}}}", true).join();
            sockets.add(ws);
        }
        CompletableFuture.allOf(subscribed.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        long rssSubscribed = rss(pid);
        System.out.printf("%d subscribed; server RSS %d MB -> %d MB%n", subscribers, rssBefore >> 20, rssSubscribed >> 20);
        int matchingSubscribers = (subscribers + 1) / 2;

        // steady: `rate` writes per second
        report("steady " + rate + " writes/s", run(http, url, appId, masterKey, className, writes, 1, rate, sentAt),
                latencies, received, lastReceipt, (long) writes * matchingSubscribers);
        // burst: all writes at once with `inFlight` requests in flight
        report("burst, " + inFlight + " in flight", run(http, url, appId, masterKey, className, writes, inFlight, 0,
                sentAt), latencies, received, lastReceipt, (long) writes * matchingSubscribers);

        for (WebSocket ws : sockets) {
            ws.abort();
        }
        if (idle > 0) {
            long rssIdleBefore = rss(pid);
            List<WebSocket> held = new ArrayList<>();
            HttpClient idleClient = HttpClient.newHttpClient();
            for (int i = 0; i < idle; i++) {
                WebSocket ws = idleClient.newWebSocketBuilder().buildAsync(URI.create(url.replaceFirst("^http", "ws")),
                        new WebSocket.Listener() { }).get(30, TimeUnit.SECONDS);
                ws.sendText("{\"op\":\"connect\",\"applicationId\":\"" + appId + "\"}", true);
                held.add(ws);
            }
            long rssIdle = rss(pid);
            System.out.printf("idle: %d connections held; server RSS %d MB -> %d MB (%.1f KB per connection)%n",
                    idle, rssIdleBefore >> 20, rssIdle >> 20, (rssIdle - rssIdleBefore) / 1024.0 / idle);
            held.forEach(WebSocket::abort);
        }
        System.exit(0);
    }

    private record Window(long startNanos, long endNanos) {
    }

    private static Window run(HttpClient http, String url, String appId, String masterKey, String className,
                              int writes, int inFlight, int rate, Map<String, Long> sentAt) throws Exception {
        Semaphore slots = new Semaphore(inFlight);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        for (int i = 0; i < writes; i++) {
            if (rate > 0) {
                long due = start + TimeUnit.SECONDS.toNanos(i) / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // pacing the load generator itself, not waiting for a result
                }
            }
            slots.acquire();
            String k = java.util.UUID.randomUUID().toString();
            pool.execute(() -> {
                try {
                    sentAt.put(k, System.nanoTime());
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/classes/" + className))
                            .header("X-Parse-Application-Id", appId).header("X-Parse-Master-Key", masterKey)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"match\":true,\"k\":\"" + k + "\"}")).build();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 201) {
                        System.err.println("write failed: " + response.statusCode() + " " + response.body());
                    }
                } catch (Exception e) {
                    System.err.println("write failed: " + e);
                } finally {
                    slots.release();
                }
            });
        }
        slots.acquire(inFlight);
        pool.shutdown();
        return new Window(start, System.nanoTime());
    }

    private static void report(String name, Window window, ConcurrentLinkedQueue<Long> latencies, AtomicLong received,
                               AtomicLong lastReceipt, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received.get() < expected && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20); // bounded wait for the last deliveries
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        double seconds = (lastReceipt.get() - window.startNanos()) / 1e9;
        System.out.printf("%s: %d/%d events delivered (%d lost), %.0f events/s, p50 %.1f ms, p99 %.1f ms%n", name,
                received.get(), expected, expected - received.get(), received.get() / seconds,
                percentile(sorted, 0.50), percentile(sorted, 0.99));
        latencies.clear();
        received.set(0);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
    }

    private static long rss(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception ignored) {
            // the process is gone
        }
        return 0;
    }
}
