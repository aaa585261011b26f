package io.heliobase.server.storage.embedded;

import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

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
}
