/** Cloud-code jobs: {@code POST /jobs/:name}, run in the background and followed through {@code _JobStatus}. */
package io.heliobase.server.jobs;
