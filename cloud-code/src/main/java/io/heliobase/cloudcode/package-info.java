/** Cloud code: sandboxed JavaScript behind a JSON-only boundary; depends on core and GraalJS only. */
package io.heliobase.cloudcode;
