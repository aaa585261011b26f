package io.heliobase.cloudcode.sandbox;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.io.FileSystem;

/**
 * What ES module imports see as a file system: the cloud folder's files as read at load, read-only, and nothing
 * else — no other path exists, nothing can be written, and directories cannot be listed.
 */
final class FolderFileSystem implements FileSystem {
    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private final Path root;
    private final Map<String, byte[]> files = new HashMap<>();

    FolderFileSystem(CloudFolder folder) {
        this.root = folder.root();
        folder.scripts().forEach((id, text) -> files.put(root.resolve(id).normalize().toString(), bytes(text)));
        folder.esModules().forEach((id, text) -> files.put(root.resolve(id).normalize().toString(), bytes(text)));
        folder.json().forEach((id, text) -> files.put(root.resolve(id).normalize().toString(), bytes(text)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private String key(Path path) {
        return toAbsolutePath(path).normalize().toString();
    }

    private boolean isDirectory(String key) {
        String prefix = key.endsWith("/") ? key : key + "/";
        return files.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    @Override
    public Path parsePath(URI uri) {
        if (!"file".equals(uri.getScheme())) {
            throw new UnsupportedOperationException("only files of the cloud folder can be imported");
        }
        return Path.of(uri.getPath());
    }

    @Override
    public Path parsePath(String path) {
        return Path.of(path);
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... linkOptions) throws IOException {
        String key = key(path);
        if (!files.containsKey(key) && !isDirectory(key)) {
            throw new NoSuchFileException(path.toString());
        }
        if (modes.contains(AccessMode.WRITE) || modes.contains(AccessMode.EXECUTE)) {
            throw new AccessDeniedException(path.toString());
        }
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        throw new AccessDeniedException(dir.toString());
    }

    @Override
    public void delete(Path path) throws IOException {
        throw new AccessDeniedException(path.toString());
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        if (options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND)) {
            throw new AccessDeniedException(path.toString());
        }
        byte[] data = files.get(key(path));
        if (data == null) {
            throw new NoSuchFileException(path.toString());
        }
        return new ReadOnlyChannel(data);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        throw new AccessDeniedException(dir.toString());
    }

    @Override
    public Path toAbsolutePath(Path path) {
        return path.isAbsolute() ? path : root.resolve(path);
    }

    @Override
    public Path toRealPath(Path path, LinkOption... linkOptions) {
        return toAbsolutePath(path).normalize();
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        String key = key(path);
        boolean file = files.containsKey(key);
        boolean directory = !file && isDirectory(key);
        if (!file && !directory) {
            throw new NoSuchFileException(path.toString());
        }
        Map<String, Object> out = new HashMap<>();
        out.put("isRegularFile", file);
        out.put("isDirectory", directory);
        out.put("isSymbolicLink", false);
        out.put("isOther", false);
        out.put("size", file ? (long) files.get(key).length : 0L);
        out.put("lastModifiedTime", EPOCH);
        out.put("lastAccessTime", EPOCH);
        out.put("creationTime", EPOCH);
        out.put("fileKey", null);
        return out;
    }

    /** A file's bytes, for reading only. */
    private static final class ReadOnlyChannel implements SeekableByteChannel {
        private final byte[] data;
        private int position;
        private boolean open = true;

        ReadOnlyChannel(byte[] data) {
            this.data = data;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (position >= data.length) {
                return -1;
            }
            int n = Math.min(dst.remaining(), data.length - position);
            dst.put(data, position, n);
            position += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            position = (int) Math.min(newPosition, data.length);
            return this;
        }

        @Override
        public long size() {
            return data.length;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
