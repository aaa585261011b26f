/**
 * The object pipeline shared by every entry point: permission checks, schema enforcement, subqueries, includes and
 * projection. It speaks to storage only through core's StorageAdapter and knows nothing of HTTP.
 */
package io.heliobase.server.data;
