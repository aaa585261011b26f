/**
 * The MongoDB storage adapter in Parse Server's own layout; the only package that uses the MongoDB driver's data API.
 * It must not depend on HTTP or feature packages, and must never open a ClientSession unless transactions are on.
 */
package io.heliobase.server.storage.mongo;
