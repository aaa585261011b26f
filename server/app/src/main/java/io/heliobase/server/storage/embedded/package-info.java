/**
 * The embedded MongoDB-compatible store (mongo-java-server on one H2 MVStore file), made race-free
 * and durable, plus the {@code store} command that runs it alone; it must not depend on Heliobase's
 * features, Helidon or core: it only speaks the MongoDB wire protocol.
 * <p>
 * What it fixes in mongo-java-server 1.47.0: commands run one at a time and replies are deep-copied
 * (the reply encoder otherwise reads live documents and loses replies on concurrent updates); each
 * write is committed to the file before it is acknowledged (the background commit lost about a second
 * of writes on kill -9); {@code dropIndexes} is scoped to its collection; the reported version is
 * pinned to MongoDB 5.0 (wire 8). A second process opening the same data file fails with a clear
 * "in use" message.
 * <p>
 * What it makes faster ({@link io.heliobase.server.storage.embedded.StoreBackend}): documents are kept as BSON
 * instead of Java serialization and unique-index keys compare without being serialized (together they halved
 * the store's CPU per write); sorted finds read each sort key once instead of parsing the path on every
 * comparison, finds on one collection run side by side, plain conditions on top-level fields are decided
 * without the library's matcher ({@link io.heliobase.server.storage.embedded.QueryPlan}), and non-unique indexes
 * narrow queries (the library accepts them but builds nothing). Files written before open as they are.
 * <p>
 * Durability: every acknowledged write survives a kill of the process. The file is fsynced every few
 * dozen commits only, so an OS crash or power loss can lose the last commits, but not the file's
 * consistency (see {@link io.heliobase.server.storage.embedded.DataFile}).
 * <p>
 * Known limits, not fixed:
 * <ul>
 *   <li>Non-unique indexes live in memory only ({@link io.heliobase.server.storage.embedded.SecondaryIndex},
 *       rebuilt from the collection when the store opens) and only narrow an equality or range on a top-level
 *       field; other queries scan the collection. Unique indexes are stored, built and enforced.</li>
 *   <li>Collation is ignored, also on indexes: a case-insensitive unique index on {@code username}
 *       does not reject {@code Case_x} next to {@code case_x}; callers must normalise case themselves.</li>
 *   <li>TTL indexes are accepted but documents never expire.</li>
 *   <li>No sessions or transactions (any {@code ClientSession} fails), no {@code $text}, no
 *       {@code $where}, no geo queries or geo indexes. Change streams need the oplog, which is off.</li>
 *   <li>One write at a time, and a file commit per write (shared by concurrent writers). Each commit rewrites
 *       whole B-tree pages, so under sustained random writes the file holds several times the live data; freed
 *       space is reused, and {@code org.h2.mvstore.MVStoreTool.compact(file, false)} shrinks a stopped store's
 *       file. Versions before the BSON encoding cannot open a file written by a later one.</li>
 * </ul>
 */
package io.heliobase.server.storage.embedded;
