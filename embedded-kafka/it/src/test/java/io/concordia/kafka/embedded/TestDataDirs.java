package io.concordia.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fresh data directories under target/test-data (surefire passes the folder), never under the shared /tmp. */
final class TestDataDirs {

    private TestDataDirs() {}

    static Path newDataDir(String name) {
        Path root = Path.of(System.getProperty("concordia.test.data-dir", "target/test-data"));
        try {
            Files.createDirectories(root);
            return Files.createTempDirectory(root, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
