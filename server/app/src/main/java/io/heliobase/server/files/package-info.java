/** The /files routes and their GridFS store; the store is reached only through this package. */
package io.heliobase.server.files;
