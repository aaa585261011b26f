package io.heliobase.server.storage.embedded;

import java.nio.ByteBuffer;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;

/**
 * A document in an H2 page as a tag byte H2's own types never use (theirs are 0..127), its length and its BSON.
 * {@link BsonValues} and {@link IndexKeys} write this, and fall back to H2's encoding for what BSON cannot hold.
 */
final class TaggedBson {

    private TaggedBson() {
    }

    /** Writes the document with the tag and returns its BSON length, or -1 (nothing written) if BSON cannot hold it. */
    static int write(WriteBuffer buffer, byte tag, Document document, int expectedSize) {
        ByteBuf bson = Unpooled.buffer(expectedSize);
        try {
            BsonEncoder.encodeDocument(document, bson);
        } catch (IllegalArgumentException notBson) { // a value of a type BSON has no place for
            return -1;
        }
        int length = bson.readableBytes();
        buffer.put(tag).putVarInt(length).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), length);
        return length;
    }

    /** Whether the next value in the buffer carries this tag (the buffer does not move). */
    static boolean isNext(ByteBuffer buffer, byte tag) {
        return buffer.get(buffer.position()) == tag;
    }

    /** Reads a document {@link #write} wrote, tag included. */
    static Document read(ByteBuffer buffer) {
        buffer.get();
        int length = DataUtils.readVarInt(buffer);
        ByteBuf bson = Unpooled.wrappedBuffer(buffer.slice(buffer.position(), length));
        buffer.position(buffer.position() + length);
        return BsonDecoder.decodeBson(bson);
    }
}
