package io.heliobase.server.files;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Optional;
import org.bson.Document;

/** Files in MongoDB GridFS bucket {@code fs}, as Parse Server's default GridFSBucketAdapter keeps them. */
public final class FileStore {
    private final GridFSBucket bucket;

    public FileStore(MongoDatabase db) {
        this.bucket = GridFSBuckets.create(db);
    }

    /** Files in another bucket (privacy exports), out of reach of the /files routes. */
    public FileStore(MongoDatabase db, String bucketName) {
        this.bucket = GridFSBuckets.create(db, bucketName);
    }

    /** A stream that stores a file as it is written (for archives built on the fly); close it to finish. */
    public java.io.OutputStream openUpload(String name) {
        return bucket.openUploadStream(name);
    }

    /** A stored file's size. */
    public Optional<Long> length(String name) {
        return info(name).map(GridFSFile::getLength);
    }

    /** A stored file's bytes and metadata. */
    public record StoredFile(byte[] bytes, Document metadata) {
    }

    void save(String name, byte[] bytes, Document metadata) {
        bucket.uploadFromStream(name, new ByteArrayInputStream(bytes),
                new GridFSUploadOptions().metadata(metadata));
    }

    Optional<GridFSFile> info(String name) {
        return Optional.ofNullable(bucket.find(Filters.eq("filename", name)).sort(new Document("uploadDate", -1))
                .first());
    }

    public Optional<StoredFile> read(String name) {
        return info(name).map(file -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(file.getLength(), Integer.MAX_VALUE));
            bucket.downloadToStream(file.getObjectId(), out);
            return new StoredFile(out.toByteArray(), file.getMetadata() == null ? new Document() : file.getMetadata());
        });
    }

    public boolean delete(String name) {
        boolean any = false;
        for (GridFSFile file : bucket.find(Filters.eq("filename", name))) {
            bucket.delete(file.getObjectId());
            any = true;
        }
        return any;
    }
}
