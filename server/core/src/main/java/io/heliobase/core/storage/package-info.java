/** The storage port the data pipeline writes through; implementations live in server/app. */
package io.heliobase.core.storage;
