package io.heliobase.cloudcode.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.ThreadMXBean;
import io.heliobase.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The only place that runs JavaScript. One shared engine with cached sources; a small pool of platform threads, each
 * owning one context (contexts are single-threaded, and per-thread CPU and allocation counters only work on platform
 * threads). Contexts get no host classes, no IO, no threads, no native access and no polyglot bindings; a watchdog
 * cancels a call that passes its CPU or memory budget, and a statement limit backs it up.
 */
public final class JsSandbox implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JsSandbox.class.getName());
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Why a call was stopped. */
    public static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded(String message) {
            super(message, null, false, false);
        }
    }

    /** A call in progress on one worker; calls the script makes back into the sandbox run inside it. */
    private record Running(Thread thread, Context context, long startCpu, long startAllocated, long startNanos,
                           Limits limits, String[] reason, int[] depth) {
    }

    /**
     * Waiting (on the database, on fetch) uses no CPU, so a call also has a wall-clock cap: its CPU budget plus as
     * much again, and at least this much, of waiting.
     */
    public static final java.time.Duration MIN_WAITING = java.time.Duration.ofSeconds(30);

    private static java.time.Duration wallClockCap(Limits limits) {
        java.time.Duration waiting = limits.cpuTime().compareTo(MIN_WAITING) > 0 ? limits.cpuTime() : MIN_WAITING;
        return limits.cpuTime().plus(waiting);
    }

    /** How deep scripts may nest calls through the host (a function's save firing a trigger that saves ...). */
    public static final int MAX_NESTING = 8;
    /** How many long runs (jobs) go at once; more wait their turn. */
    public static final int BACKGROUND_THREADS = 2;

    private final Engine engine;
    private final Source prelude;
    private final CloudFolder folder;
    /** ES module imports read the folder as loaded, through this; nothing else is reachable. */
    private final FolderFileSystem files;
    /** The main script when it is an ES module, evaluated after the prelude. */
    private final Source esMain;
    /** Each script of the folder as a CommonJS module function, parsed once for every context. */
    private final Map<String, Source> modules = new java.util.LinkedHashMap<>();
    private final Function<String, String> host;
    private final ScrubbedOutput out;
    private final ScrubbedOutput err;
    private final ExecutorService workers;
    /** Long runs (jobs) have their own threads, so they never hold up requests. */
    private final ExecutorService background;
    private final ThreadLocal<Context> contexts = new ThreadLocal<>();
    private final Map<Thread, Running> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("cloud-code-watchdog").daemon(true).factory());

    /**
     * @param host answers the scripts' requests to the server (JSON text in, JSON text out), called by the sandbox
     *             between the script's turns; scripts never hold anything of the host
     */
    public JsSandbox(Path mainScript, int threads, Function<String, String> host) {
        this(mainScript, threads, host, UnaryOperator.identity());
    }

    /** As above; {@code logScrubber} rewrites each line scripts print before it reaches the server's log. */
    public JsSandbox(Path mainScript, int threads, Function<String, String> host, UnaryOperator<String> logScrubber) {
        this.host = host;
        this.out = new ScrubbedOutput(System.out, logScrubber);
        this.err = new ScrubbedOutput(System.err, logScrubber);
        this.engine = Engine.newBuilder("js").sandbox(SandboxPolicy.CONSTRAINED)
                .out(out).err(err)
                .option("engine.WarnInterpreterOnly", "false").build();
        try {
            URL preludeUrl = JsSandbox.class.getResource("/io/heliobase/cloudcode/prelude.js");
            this.prelude = Source.newBuilder("js", preludeUrl).cached(true).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cloud-code prelude", e);
        }
        this.folder = CloudFolder.read(mainScript);
        this.files = new FolderFileSystem(folder);
        try {
            this.esMain = folder.mainIsModule() ? Source.newBuilder("js", folder.root().resolve(folder.mainId()).toFile())
                    .mimeType("application/javascript+module").cached(true).build() : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cloud code " + mainScript, e);
        }
        // the wrapper shares the first line, so line numbers in errors match the file
        folder.scripts().forEach((id, text) -> modules.put(id, Source.newBuilder("js",
                "(function (exports, require, module, __filename, __dirname) {" + text + "\n})", id).cached(true)
                .buildLiteral()));
        this.workers = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("cloud-code-", 0).daemon(true)
                .factory());
        this.background = Executors.newFixedThreadPool(BACKGROUND_THREADS,
                Thread.ofPlatform().name("cloud-code-job-", 0).daemon(true).factory());
        watchdog.scheduleAtFixedRate(this::enforce, 5, 5, TimeUnit.MILLISECONDS);
    }

    private Context newContext(Limits limits) {
        Context context = Context.newBuilder("js").engine(engine).sandbox(SandboxPolicy.CONSTRAINED)
                .allowHostAccess(HostAccess.CONSTRAINED).allowPolyglotAccess(PolyglotAccess.NONE)
                .out(out).err(err)
                .option("js.load", "false").option("js.print", "false")
                .allowIO(IOAccess.newBuilder().fileSystem(files).build())
                .resourceLimits(ResourceLimits.newBuilder().statementLimit(limits.statements(), null).build())
                .build();
        Value bindings = context.getBindings("js");
        Value functions = context.eval("js", "({})");
        modules.forEach((id, source) -> functions.putMember(id, context.eval(source)));
        bindings.putMember("__heliobaseModules", functions);
        bindings.putMember("__heliobaseJsonModules", Json.text(Json.mapper().valueToTree(folder.json())));
        bindings.putMember("__heliobaseMain", folder.mainIsModule() ? "" : folder.mainId());
        context.eval(prelude);
        if (esMain != null) {
            context.eval(esMain);
        }
        return context;
    }

    /**
     * Calls a global function of the scripts with string arguments and returns its string result. When it returns a
     * promise, this is the script's event loop: it answers the requests the script queued for the server, one top-level
     * turn each (so the script's promise jobs run), until the promise settles or nothing is left to wait for.
     */
    public String call(Limits limits, String function, String... args) {
        return run(workers, limits, context -> eventLoop(context, function, args));
    }

    /** As {@link #call}, on the threads for long runs (jobs): blocks until the run ends. */
    public String callInBackground(Limits limits, String function, String... args) {
        return run(background, limits, context -> eventLoop(context, function, args));
    }

    private String eventLoop(Context context, String function, String... args) {
        Value bindings = context.getBindings("js");
        Value out = bindings.getMember(function).execute((Object[]) args);
        if (out.isString()) {
            return out.asString();
        }
        String[] settled = new String[1];
        out.invokeMember("then", (ProxyExecutable) values -> {
            settled[0] = values[0].asString();
            return null;
        });
        while (settled[0] == null) {
            JsonNode pending = Json.parse(bindings.getMember("__heliobasePending").execute().asString());
            if (pending.isEmpty()) {
                throw new IllegalStateException("the script's promise did not settle");
            }
            for (JsonNode request : pending) {
                String answer = host.apply(request.path("request").asText());
                bindings.getMember("__heliobaseSettle").execute(request.path("id").asInt(), answer);
            }
        }
        return settled[0];
    }

    /** Runs {@code work} with this thread's context under {@code limits}; throws BudgetExceeded when stopped. */
    private <T> T run(ExecutorService executor, Limits limits, Function<Context, T> work) {
        Running outer = running.get(Thread.currentThread());
        if (outer != null) {
            return nested(outer, work);
        }
        Future<T> future = executor.submit(() -> {
            Context context = contexts.get();
            if (context == null) {
                context = newContext(limits);
                contexts.set(context);
            }
            context.resetLimits();
            Thread self = Thread.currentThread();
            Running call = new Running(self, context, THREADS.getCurrentThreadCpuTime(),
                    THREADS.getThreadAllocatedBytes(self.threadId()), System.nanoTime(), limits, new String[1],
                    new int[1]);
            running.put(self, call);
            try {
                return work.apply(context);
            } catch (org.graalvm.polyglot.PolyglotException e) {
                if (e.isCancelled() || e.isResourceExhausted() || e.isInterrupted()) {
                    contexts.remove(); // a cancelled context cannot run again
                    String reason = call.reason()[0] != null ? call.reason()[0]
                            : "the script ran more than " + limits.statements() + " statements";
                    throw new BudgetExceeded(reason);
                }
                throw e;
            } finally {
                running.remove(self);
            }
        });
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A call made while answering a script's request (a save that fires a trigger): it runs on the same thread and
     * context, between the outer script's turns, inside the outer call's budget, so nesting cannot multiply what one
     * request may use.
     */
    private static <T> T nested(Running outer, Function<Context, T> work) {
        if (outer.depth()[0] >= MAX_NESTING) {
            throw new BudgetExceeded("cloud code nested more than " + MAX_NESTING + " calls deep");
        }
        outer.depth()[0]++;
        try {
            return work.apply(outer.context());
        } finally {
            outer.depth()[0]--;
        }
    }

    private void enforce() {
        for (Running call : running.values()) {
            long cpu = THREADS.getThreadCpuTime(call.thread().threadId()) - call.startCpu();
            long allocated = THREADS.getThreadAllocatedBytes(call.thread().threadId()) - call.startAllocated();
            String reason = null;
            if (cpu > call.limits().cpuTime().toNanos()) {
                reason = "the script used more than " + call.limits().cpuTime().toMillis() + " ms of CPU";
            } else if (allocated > call.limits().allocatedBytes()) {
                reason = "the script allocated more than " + call.limits().allocatedBytes() / (1024 * 1024) + " MB";
            } else if (System.nanoTime() - call.startNanos() > wallClockCap(call.limits()).toNanos()) {
                reason = "the script ran longer than " + wallClockCap(call.limits()).toSeconds() + " s";
            }
            if (reason != null && call.reason()[0] == null) {
                call.reason()[0] = reason;
                LOG.log(System.Logger.Level.WARNING, "stopping cloud code: " + reason);
                try {
                    call.context().close(true);
                } catch (RuntimeException e) {
                    // already closing
                }
            }
        }
    }

    /** "GraalVM CE" with the optimizing runtime (JVMCI), "Interpreted" without it. */
    public String runtimeName() {
        return engine.getImplementationName();
    }

    /** Takes no new calls; lets those under way (jobs included) finish, then releases the engine. */
    public void closeWhenIdle() {
        workers.shutdown();
        background.shutdown();
        Thread.ofVirtual().name("cloud-code-retire").start(() -> {
            try {
                workers.awaitTermination(1, TimeUnit.HOURS);
                background.awaitTermination(1, TimeUnit.HOURS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            close();
        });
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        workers.shutdownNow();
        background.shutdownNow();
        engine.close(true);
    }
}
