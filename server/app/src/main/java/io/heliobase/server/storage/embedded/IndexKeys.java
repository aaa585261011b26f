package io.heliobase.server.storage.embedded;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The keys of a unique index ({@link KeyValue}s) in the store's file, compared without serializing them.
 * <p>
 * KeyValue is not Comparable, so H2's default type ordered index keys by comparing their Java-serialized bytes,
 * serializing both sides of every comparison (a lookup makes a dozen). Here keys compare value by value: by class,
 * then by the class's natural order, equal values being equal; keys are written as BSON where they can be. The
 * order differs from the old one, so an index map written with H2's default type is copied into a new map
 * (see {@link StoreBackend}).
 */
final class IndexKeys extends BasicDataType<KeyValue> {

    private static final byte BSON = (byte) 0xB6;
    private static final String VALUES = "k";

    private final ObjectDataType legacy = new ObjectDataType();

    @Override
    public int compare(KeyValue a, KeyValue b) {
        if (a == b) {
            return 0;
        }
        int common = Math.min(a.size(), b.size());
        for (int i = 0; i < common; i++) {
            int cmp = compareValues(a.get(i), b.get(i));
            if (cmp != 0) {
                return cmp;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private int compareValues(Object x, Object y) {
        if (x == y) {
            return 0;
        }
        if (x == null || y == null) {
            return x == null ? -1 : 1;
        }
        if (x.getClass() != y.getClass()) {
            return x.getClass().getName().compareTo(y.getClass().getName());
        }
        if (x instanceof Comparable comparable) {
            return comparable.compareTo(y);
        }
        if (x.equals(y)) {
            return 0;
        }
        return Arrays.compare(bytesOf(x), bytesOf(y)); // documents, arrays, markers: rare in a unique index
    }

    private byte[] bytesOf(Object value) {
        WriteBuffer buffer = new WriteBuffer();
        legacy.write(buffer, value);
        ByteBuffer bytes = buffer.getBuffer().flip();
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        return array;
    }

    @Override
    public int getMemory(KeyValue key) {
        return 48 + 32 * key.size();
    }

    @Override
    public void write(WriteBuffer buffer, KeyValue key) {
        if (TaggedBson.write(buffer, BSON, new Document(VALUES, key.stream().toList()), 64) < 0) {
            legacy.write(buffer, key); // e.g. the marker of a missing field
        }
    }

    @Override
    public KeyValue read(ByteBuffer buffer) {
        if (!TaggedBson.isNext(buffer, BSON)) {
            return (KeyValue) legacy.read(buffer);
        }
        return new KeyValue((List<?>) TaggedBson.read(buffer).get(VALUES));
    }

    @Override
    public KeyValue[] createStorage(int size) {
        return new KeyValue[size];
    }
}
