import io.heliobase.core.auth.Caller;
import io.heliobase.server.ratelimit.RateLimiter;
import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cost and correctness of the in-process rate limiter under concurrency (bounded: fixed iterations per thread).
 * java -cp "server/app/target/heliobase.jar:server/app/target/libs/*" bench/RateLimiterBench.java
 */
public class RateLimiterBench {
    public static void main(String[] args) throws Exception {
        int threads = 8;
        int perThread = 200_000;
        // 1) cost: many distinct clients, generous limit, so every check takes a token
        RateLimiter generous = RateLimiter.fromJson("{\"requestPath\":\"/classes/*\",\"requestTimeWindow\":60000,"
                + "\"requestCount\":1000000000}");
        long nanos = run(generous, threads, perThread, true, new AtomicLong());
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("cost: %d checks on %d threads in %.0f ms -> %.1f M checks/s, at most %.2f us of CPU per"
                + " check on %d cores%n", (long) threads * perThread, threads, nanos / 1e6,
                threads * perThread / (nanos / 1e9) / 1e6, nanos / 1e3 * cores / threads / perThread, cores);
        // 2) correctness: one client, 1,000 tokens per minute, 1.6 M attempts from 8 threads: exactly 1,000 pass
        RateLimiter strict = RateLimiter.fromJson("{\"requestPath\":\"/classes/*\",\"requestTimeWindow\":60000,"
                + "\"requestCount\":1000}");
        AtomicLong passed = new AtomicLong();
        run(strict, threads, perThread, false, passed);
        System.out.printf("rate held: %d of %d concurrent attempts passed (limit 1,000 per minute)%n", passed.get(),
                (long) threads * perThread);
    }

    private static long run(RateLimiter limiter, int threads, int perThread, boolean distinct, AtomicLong passed)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread.ofPlatform().start(() -> {
                try {
                    InetAddress ip = InetAddress.getByAddress(new byte[] {10, 0, (byte) id, 1});
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        Caller caller = distinct ? new Caller.User("u" + (i % 1000), "r:x", java.util.Set.of())
                                : Caller.ANONYMOUS;
                        try {
                            limiter.check("GET", "/classes/Thing", caller, distinct ? ip
                                    : InetAddress.getLoopbackAddress());
                            passed.incrementAndGet();
                        } catch (RateLimiter.Limited limited) {
                            // expected once the bucket is empty
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    done.countDown();
                }
            });
        }
        long begin = System.nanoTime();
        start.countDown();
        done.await();
        return System.nanoTime() - begin;
    }
}
