package io.concordia.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFilesTest {

    @TempDir
    Path dir;

    @Test
    void shouldLeaveAWholeOwnerOnlyFileWhenManyWritersReplaceItAtOnce() throws Exception {
        Path file = dir.resolve("secrets").resolve("operator.jwt");
        int writers = 8;
        int rounds = 50;
        CyclicBarrier together = new CyclicBarrier(writers);
        List<String> contents = new ArrayList<>();
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String content = ("writer " + w + "\n").repeat(2_000);
            contents.add(content);
            running.add(CompletableFuture.runAsync(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        if (r == 0) {
                            together.await();
                        }
                        OwnerOnlyFiles.write(file, content);
                        assertThat(contents).contains(Files.readString(file));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();

        assertThat(contents).as("one writer's whole text").contains(Files.readString(file));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertThat(left).as("no temporary file left behind").containsExactly(file);
        }
    }
}
