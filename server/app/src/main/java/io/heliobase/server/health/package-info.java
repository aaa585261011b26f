/** Health and server-info routes; no storage access. */
package io.heliobase.server.health;
