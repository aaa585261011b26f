/** The append-only audit log ({@code _Audit}): who did what to which object, written by the server only. */
package io.heliobase.server.audit;
