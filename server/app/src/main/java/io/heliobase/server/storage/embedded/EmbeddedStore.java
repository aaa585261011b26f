package io.heliobase.server.storage.embedded;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;

/**
 * A MongoDB-compatible server (mongo-java-server on an H2 MVStore file) for single-node use and
 * tests: commands are serialized, replies copied, and every acknowledged write is committed.
 */
public final class EmbeddedStore implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EmbeddedStore.class.getName());

    /**
     * Netty worker threads. Commands block their event loop while they wait for the command lock or
     * a commit, so with too few loops concurrent clients could not share one group commit.
     */
    private static final int WORKER_THREADS = 16;

    private final MongoServer server;
    private final SerializedBackend backend;
    private final Path dataDir;
    private final String connectionString;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedStore(MongoServer server, SerializedBackend backend, Path dataDir, String host) {
        this.server = server;
        this.backend = backend;
        this.dataDir = dataDir;
        this.port = server.getLocalAddress().getPort();
        this.connectionString = "mongodb://" + uriHost(host) + ":" + port + "/";
    }

    /** Starts the store persisted in dataDir (created if missing; file e.g. dataDir/heliobase.mv.db), listening on host:port (port 0 = a free port). */
    public static EmbeddedStore start(Path dataDir, String host, int port) {
        return start(dataDir, host, port, DurableCommits.Mode.GROUPED);
    }

    static EmbeddedStore start(Path dataDir, String host, int port, DurableCommits.Mode mode) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(host, "host");
        DataFile file = DataFile.open(dataDir);
        SerializedBackend backend;
        try {
            backend = new SerializedBackend(new StoreBackend(file.mvStore()), file, mode);
        } catch (RuntimeException e) {
            file.closeImmediately();
            throw e;
        }
        // 1.47.0 already defaults to 5.0; pinned because drivers from 5.x refuse wire versions below 8.
        backend.version(ServerVersion.MONGO_5_0);
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(new InetSocketAddress(host, port), 1, WORKER_THREADS);
        } catch (Exception e) { // Netty rethrows the checked BindException undeclared
            server.shutdownNow(); // closes the backend and its file
            if (e instanceof BindException) {
                throw new IllegalStateException("The embedded store cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
            }
            throw e;
        }
        EmbeddedStore store = new EmbeddedStore(server, backend, dataDir, host);
        LOG.log(System.Logger.Level.INFO, "Embedded store listening on {0} (data: {1})", store.connectionString, dataDir);
        return store;
    }

    /** For example {@code mongodb://127.0.0.1:27017/}. */
    public String connectionString() {
        return connectionString;
    }

    public int port() {
        return port;
    }

    /** Stops accepting clients, lets running commands finish, commits and closes the data file. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.shutdownNow();
            LOG.log(System.Logger.Level.INFO, "Embedded store on port {0} closed (data: {1})", port, dataDir);
        }
    }

    long writeCommits() {
        return backend.writeCommits();
    }

    private static String uriHost(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            if (address.isAnyLocalAddress()) {
                return "127.0.0.1"; // bound to every interface; loopback is the address that surely works
            }
        } catch (UnknownHostException e) {
            return host;
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
