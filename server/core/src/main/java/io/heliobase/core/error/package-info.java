/** Parse error codes and the single exception that carries them; depends on nothing. */
package io.heliobase.core.error;
