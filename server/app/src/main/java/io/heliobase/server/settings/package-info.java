/** Server settings: YAML file, environment variables and Parse Server aliases, read once; no other feature. */
package io.heliobase.server.settings;
