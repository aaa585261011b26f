package io.heliobase.server.settings;

/** A configuration error; its message names the setting and what is wrong with it. */
public final class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }
}
