/** The /aggregate route (master key): pipelines and distinct through the storage adapter. */
package io.heliobase.server.aggregate;
