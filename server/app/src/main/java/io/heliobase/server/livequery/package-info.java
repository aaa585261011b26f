/**
 * The live-query WebSocket endpoint and the hub that turns committed writes into per-subscriber events; protocol,
 * matching and subscription bookkeeping come from the live-query module. No storage writes happen here.
 */
package io.heliobase.server.livequery;
