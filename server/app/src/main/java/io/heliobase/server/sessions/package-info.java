/** Session tokens: resolving them to users; must not depend on HTTP. */
package io.heliobase.server.sessions;
