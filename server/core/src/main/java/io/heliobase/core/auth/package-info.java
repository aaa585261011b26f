/** The caller's identity as a closed set of cases; knows nothing of HTTP or storage. */
package io.heliobase.core.auth;
