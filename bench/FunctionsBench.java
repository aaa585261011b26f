import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cloud-function throughput (JDK only, loopback only): POST /functions/hello returning a small object, a fixed number
 * of calls at a fixed concurrency, after a warm-up; then the overhead of a beforeSave trigger: creates in a class
 * without one (BenchPlain) against creates in a class with one (BenchTriggered). Start the server with HELIOBASE_CLOUD
 * pointing at a main.js that defines 'hello' and a beforeSave on 'BenchTriggered' (see bench/cloud/main.js).
 * java bench/FunctionsBench.java --url http://127.0.0.1:PORT/parse --app-id heliobase [--calls 5000] [--concurrency 16]
 *     [--function hello --params '{"name":"bench"}'] [--functions-only true] [--interleave 0]
 * With --interleave N the create phases alternate N times (plain, triggered, plain, ...) so drift in the store's
 * speed hits both alike, and the median p50 of each is printed with their difference: the trigger's cost.
 */
public class FunctionsBench {
    public static void main(String[] args) throws Exception {
        String url = null;
        String appId = "heliobase";
        int calls = 5000;
        int concurrency = 16;
        String functionName = "hello";
        String params = "{\"name\":\"bench\"}";
        boolean functionsOnly = false;
        int interleave = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1];
                case "--app-id" -> appId = args[i + 1];
                case "--calls" -> calls = Integer.parseInt(args[i + 1]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
                case "--function" -> functionName = args[i + 1];
                case "--params" -> params = args[i + 1];
                case "--functions-only" -> functionsOnly = Boolean.parseBoolean(args[i + 1]);
                case "--interleave" -> interleave = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        if (url == null || !URI.create(url).getHost().equals("127.0.0.1")) {
            throw new IllegalArgumentException("--url must be an http://127.0.0.1:PORT/parse URL");
        }
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest function = post(url + "/functions/" + functionName, appId, params);
        phase("warm-up", http, function, 2000, concurrency, 200);
        phase("functions (" + functionName + ")", http, function, calls, concurrency, 200);
        if (functionsOnly) {
            return;
        }
        HttpRequest plain = post(url + "/classes/BenchPlain", appId, "{\"title\":\"Bench Note\",\"n\":1}");
        HttpRequest triggered = post(url + "/classes/BenchTriggered", appId, "{\"title\":\"Bench Note\",\"n\":1}");
        phase("warm-up", http, plain, 1000, concurrency, 201);
        phase("warm-up", http, triggered, 1000, concurrency, 201);
        if (interleave <= 0) {
            phase("creates, no trigger", http, plain, calls, concurrency, 201);
            phase("creates, beforeSave", http, triggered, calls, concurrency, 201);
            return;
        }
        double[] plainP50 = new double[interleave];
        double[] triggeredP50 = new double[interleave];
        for (int round = 0; round < interleave; round++) {
            plainP50[round] = phase("creates, no trigger #" + (round + 1), http, plain, calls, concurrency, 201);
            triggeredP50[round] = phase("creates, beforeSave #" + (round + 1), http, triggered, calls, concurrency, 201);
        }
        Arrays.sort(plainP50);
        Arrays.sort(triggeredP50);
        double plainMedian = plainP50[interleave / 2];
        double triggeredMedian = triggeredP50[interleave / 2];
        System.out.printf("median p50: no trigger %.2f ms, beforeSave %.2f ms, difference %.2f ms%n", plainMedian,
                triggeredMedian, triggeredMedian - plainMedian);
    }

    private static HttpRequest post(String url, String appId, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("X-Parse-Application-Id", appId)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Runs one phase, prints its figures and answers its p50 in ms. */
    private static double phase(String name, HttpClient http, HttpRequest request, int calls, int concurrency,
                                int expectedStatus) throws Exception {
        long[] latencies = new long[calls];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                    long begin = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != expectedStatus) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - begin;
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(300, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        System.out.printf("%s: %d calls in %.2f s, %.0f calls/s, p50 %.1f ms, p99 %.1f ms, errors %d%n", name, calls,
                seconds, calls / seconds, latencies[calls / 2] / 1e6, latencies[(int) (calls * 0.99)] / 1e6,
                errors.get());
        return latencies[calls / 2] / 1e6;
    }
}
