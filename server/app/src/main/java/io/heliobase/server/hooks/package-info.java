/**
 * Parse's webhooks: cloud functions and save/delete triggers served by another HTTP service, registered at runtime
 * with the master key through {@code /hooks} and stored in {@code _Hooks}.
 */
package io.heliobase.server.hooks;
