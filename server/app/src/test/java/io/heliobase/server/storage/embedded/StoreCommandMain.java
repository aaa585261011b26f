package io.heliobase.server.storage.embedded;

/** Child process of {@link StoreCommandIT}: what {@code java -jar heliobase.jar store ...} does. */
public final class StoreCommandMain {

    private StoreCommandMain() {
    }

    public static void main(String[] args) {
        System.exit(StoreCommand.run(args));
    }
}
