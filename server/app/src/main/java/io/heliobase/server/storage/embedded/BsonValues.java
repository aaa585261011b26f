package io.heliobase.server.storage.embedded;

import java.nio.ByteBuffer;

import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the store keeps documents in its file: as BSON, where the library uses H2's default, Java serialization.
 * <p>
 * Every commit rewrites the B-tree leaves it touched, so each write re-encodes a leaf's worth of documents; with
 * Java serialization (class descriptors written again for every value) that was most of the store's CPU per write.
 * A document is written as {@link TaggedBson}. Anything else, and every value
 * of a file written before, is read and written by H2's own {@link ObjectDataType}, so existing files open as
 * they are (older versions cannot read documents written by this one).
 */
final class BsonValues extends BasicDataType<Object> {

    /** H2's own tags are 0..127; this one is negative as a byte. */
    private static final byte BSON = (byte) 0xB5;
    /**
     * What a page holds per document in H2's memory accounting, which sets when a leaf splits: the encoded size
     * times this. Leaves of a few dozen documents keep the per-commit rewrite small.
     */
    private static final int MEMORY_PER_ENCODED_BYTE = 4;

    private final ObjectDataType legacy = new ObjectDataType();
    /** Moving average of encoded sizes; races between writers only blur it. */
    private volatile int averageSize = 512;

    @Override
    public int getMemory(Object value) {
        return value instanceof Document ? averageSize * MEMORY_PER_ENCODED_BYTE : legacy.getMemory(value);
    }

    @Override
    public void write(WriteBuffer buffer, Object value) {
        int length = value instanceof Document document
            ? TaggedBson.write(buffer, BSON, document, averageSize + 64)
            : -1;
        if (length < 0) {
            legacy.write(buffer, value); // not a document, or one BSON cannot hold
            return;
        }
        averageSize = (averageSize * 15 + length) / 16;
    }

    @Override
    public Object read(ByteBuffer buffer) {
        return TaggedBson.isNext(buffer, BSON) ? TaggedBson.read(buffer) : legacy.read(buffer);
    }

    @Override
    public int compare(Object a, Object b) {
        return legacy.compare(a, b); // values are not compared in a data map; keys keep H2's type
    }

    @Override
    public Object[] createStorage(int size) {
        return new Object[size];
    }
}
