package io.heliobase.server.data;

import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.core.storage.StorageAdapter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The schema of every class as an immutable snapshot swapped whole on change. A miss reads the one class from the
 * database, so a class another node created is found; a type conflict re-reads before it is reported.
 */
public final class SchemaCache {
    /** How long a snapshot is trusted before permissions or fields changed by another node are read again. */
    private static final long MAX_AGE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    private final StorageAdapter storage;
    private final AtomicReference<Map<String, ClassSchema>> snapshot = new AtomicReference<>(Map.of());
    private volatile long loadedAt;
    private final java.util.concurrent.atomic.AtomicBoolean refreshing = new java.util.concurrent.atomic.AtomicBoolean();

    public SchemaCache(StorageAdapter storage) {
        this.storage = storage;
        reloadAll();
    }

    public void reloadAll() {
        Map<String, ClassSchema> map = new HashMap<>();
        for (ClassSchema schema : storage.loadSchemas()) {
            map.put(schema.className(), schema);
        }
        snapshot.set(Map.copyOf(map));
        loadedAt = System.nanoTime();
    }

    /** The stored schema of a class, reading through to the database on a miss. */
    public Optional<ClassSchema> find(String className) {
        if (System.nanoTime() - loadedAt > MAX_AGE_NANOS && refreshing.compareAndSet(false, true)) {
            try {
                reloadAll(); // one caller refreshes; the others keep using the current snapshot meanwhile
            } finally {
                refreshing.set(false);
            }
        }
        ClassSchema cached = snapshot.get().get(className);
        if (cached != null) {
            return Optional.of(cached);
        }
        return reload(className);
    }

    public Optional<ClassSchema> reload(String className) {
        Optional<ClassSchema> loaded = storage.loadSchema(className);
        loaded.ifPresentOrElse(this::put, () -> remove(className));
        return loaded;
    }

    /** A class's schema, or the implicit one system classes and volatile classes have before their first write. */
    public ClassSchema schemaOrEmpty(String className) {
        return find(className).orElseGet(() -> ClassSchema.empty(className));
    }

    public boolean exists(String className) {
        return SystemClasses.isSystemClass(className) || find(className).isPresent();
    }

    public Map<String, ClassSchema> all() {
        reloadAll();
        return snapshot.get();
    }

    void put(ClassSchema schema) {
        snapshot.updateAndGet(old -> {
            Map<String, ClassSchema> copy = new HashMap<>(old);
            copy.put(schema.className(), schema);
            return Map.copyOf(copy);
        });
    }

    void remove(String className) {
        snapshot.updateAndGet(old -> {
            if (!old.containsKey(className)) {
                return old;
            }
            Map<String, ClassSchema> copy = new HashMap<>(old);
            copy.remove(className);
            return Map.copyOf(copy);
        });
    }
}
