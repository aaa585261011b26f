/** The /schemas and /purge routes (master key only): validated first, then written; no HTTP-free logic lives here. */
package io.heliobase.server.schemas;
