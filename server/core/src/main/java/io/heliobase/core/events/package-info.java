/** Change events published after a write commits; no transport (in-process or Redis) lives here. */
package io.heliobase.core.events;
