/** Outbound HTTP for cloud code: {@code fetch} to allow-listed hosts only, with timeouts and a response-size cap. */
package io.heliobase.cloudcode.fetch;
