/**
 * Decides a parsed where clause against one object in Parse REST JSON, in memory, as LiveQuery needs per event.
 * It must not depend on storage, the protocol or any I/O: whatever needs another read is reported undecidable.
 */
package io.heliobase.livequery.matching;
