package io.concordia.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A full disk under one broker's log directory, inside the harness's own folder: the log directory of node
 * {@value #NODE} is a small tmpfs mounted there before the broker first starts, and the fault fills it with a ballast
 * file until the kernel answers ENOSPC. Mounting needs the right to mount (root in a container that allows it); where
 * it is refused the fault is reported as not simulated, and nothing else changes.
 */
final class DiskFullFault {

    static final int NODE = 3;
    private static final String SIZE = "256m";

    private final Path logDir;
    private final boolean mounted;
    private final String refusal;

    private DiskFullFault(Path logDir, boolean mounted, String refusal) {
        this.logDir = logDir;
        this.mounted = mounted;
        this.refusal = refusal;
    }

    /** Creates the log directory and tries to mount a tmpfs of {@value #SIZE} on it. */
    static DiskFullFault prepare(Path logDir) {
        try {
            Files.createDirectories(logDir);
            Process mount = new ProcessBuilder(
                            "mount", "-t", "tmpfs", "-o", "size=" + SIZE + ",mode=0700", "tmpfs", logDir.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(mount.getInputStream().readAllBytes()).strip();
            if (mount.waitFor() == 0) {
                return new DiskFullFault(logDir, true, null);
            }
            return new DiskFullFault(logDir, false, "mount -t tmpfs refused: " + output);
        } catch (IOException e) {
            return new DiskFullFault(logDir, false, "cannot run mount: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DiskFullFault(logDir, false, "interrupted");
        }
    }

    /** Unmounts what an earlier run left mounted under {@code dir}, so that the folder can be deleted. */
    static void unmountLeftovers(Path dir) throws IOException, InterruptedException {
        String prefix = dir.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
            String[] fields = line.split(" ");
            if (fields.length > 1 && fields[1].startsWith(prefix)) {
                new ProcessBuilder("umount", "-l", fields[1])
                        .inheritIO()
                        .start()
                        .waitFor();
            }
        }
    }

    boolean available() {
        return mounted;
    }

    /** Why the fault cannot be simulated here; null when it can. */
    String refusal() {
        return refusal;
    }

    /** Writes a ballast file until the log directory's file system is full; returns the bytes written. */
    long fill() {
        long written = 0;
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(ballast())) {
            while (true) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException e) {
            // No space left on device: what the fault is for.
            return written;
        }
    }

    /** Deletes the ballast: the operator freed the disk. */
    void free() {
        try {
            Files.deleteIfExists(ballast());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Frees the disk and unmounts it (the broker must be stopped). */
    void release() {
        if (!mounted) {
            return;
        }
        free();
        try {
            new ProcessBuilder(List.of("umount", "-l", logDir.toString()))
                    .inheritIO()
                    .start()
                    .waitFor();
        } catch (IOException e) {
            System.err.println("cannot unmount " + logDir + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path ballast() {
        return logDir.resolve("ballast.fill");
    }
}
