/** Write bodies as typed field operations, Parse value validation and type inference; no storage. */
package io.heliobase.core.object;
