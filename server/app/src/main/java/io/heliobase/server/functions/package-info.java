/** The /functions routes over cloud code; no JavaScript engine details here. */
package io.heliobase.server.functions;
