/** POST /batch: in-process dispatch of sub-requests through the route table; never over HTTP. */
package io.heliobase.server.batch;
