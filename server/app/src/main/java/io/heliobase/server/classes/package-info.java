/** The /classes routes: thin handlers over the data pipeline; no storage access of their own. */
package io.heliobase.server.classes;
