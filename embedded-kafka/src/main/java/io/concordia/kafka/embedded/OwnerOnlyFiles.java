package io.concordia.kafka.embedded;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * Files written whole or not at all, readable by their owner only: passwords, keys, tokens, and the files the
 * embedded services start from.
 *
 * <p>The text goes to a temporary file of a name no other writer uses, created {@code rw-------} before a byte is
 * written, then renamed over the target. A reader sees the old file or the new one, never half of one; two
 * processes writing the same file at once (two instances started on one data folder) each rename a whole file of
 * their own, and the last rename wins.
 */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {}

    public static void write(Path file, String content) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(
                folder,
                file.getFileName() + ".",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** A Java properties file, written as {@link #write(Path, String)} writes. */
    public static void write(Path file, Properties properties, String comment) throws IOException {
        StringWriter text = new StringWriter();
        properties.store(text, comment);
        write(file, text.toString());
    }
}
