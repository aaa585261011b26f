/** Privacy built in: PII policies applied on the write path, encrypted fields revealed only to their readers. */
package io.heliobase.server.privacy;
