package io.heliobase.server.storage.embedded;

import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/** Driver clients with short timeouts, so a lost reply fails a test instead of hanging it. */
final class StoreClients {

    private StoreClients() {
    }

    static MongoClient connect(String connectionString) {
        return MongoClients.create(MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(connectionString))
            .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS))
            .applyToSocketSettings(socket -> socket.connectTimeout(2, TimeUnit.SECONDS).readTimeout(15, TimeUnit.SECONDS))
            .applyToConnectionPoolSettings(pool -> pool.maxSize(32).maxWaitTime(15, TimeUnit.SECONDS))
            .retryWrites(false)
            .retryReads(false)
            .build());
    }

    /**
     * The library's own store, without Heliobase's changes, on a free loopback port (MongoDB 5.0 as ours): the
     * reference the differential tests compare against. Stop it with {@code shutdownNow()}.
     */
    static MongoServer libraryStore(H2Backend backend) {
        MongoServer server = new MongoServer(backend.version(ServerVersion.MONGO_5_0));
        server.bind("127.0.0.1", 0);
        return server;
    }

    static String connectionString(MongoServer server) {
        return "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/";
    }
}
