/** Installations (devices): the _Installation write rules; no HTTP of its own. */
package io.heliobase.server.installations;
