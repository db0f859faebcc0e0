package io.concordia.bench.ingest;

import io.concordia.kafka.embedded.LocalPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application in a child JVM, as an operator runs it, with its output in a log file. The ingest
 * benchmark starts it, and so does the fault harness, which also kills, pauses and resumes it.
 */
public final class ConcordiaProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final Process process;
    private final String url;
    private final Path log;
    private final String operatorToken;

    private ConcordiaProcess(Process process, String url, Path log, String operatorToken) {
        this.process = process;
        this.url = url;
        this.log = log;
        this.operatorToken = operatorToken;
    }

    /**
     * Starts {@code java [jvmOptions] -Dkey=value... -jar appJar} on a free HTTP port and returns once it is ready.
     * The operator token is the one the application writes to {@code <concordia.data-dir>/operator.jwt}.
     */
    public static ConcordiaProcess start(
            Path appJar, List<String> jvmOptions, Map<String, String> properties, Path log) {
        if (!Files.isRegularFile(appJar)) {
            throw new IllegalStateException(appJar.toAbsolutePath()
                    + " does not exist: mvn -q -pl clearing-api,ingest-benchmark -am package -DskipTests");
        }
        int port = LocalPorts.free();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(appJar.toAbsolutePath().toString());
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            String url = "http://127.0.0.1:" + port;
            awaitReady(process, url, log);
            Path tokenFile = Path.of(properties.get("concordia.data-dir"), "operator.jwt");
            return new ConcordiaProcess(
                    process, url, log, Files.readString(tokenFile).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return url;
    }

    /** The bootstrap token the application wrote at its start: operator and token-admin. */
    public String operatorToken() {
        return operatorToken;
    }

    /** Posts a JSON body as the operator; fails unless the answer is 201. */
    public void adminPost(String path, String json) {
        HttpResponse<String> response = send("POST", path, operatorToken, json, Duration.ofSeconds(30));
        if (response.statusCode() != 201) {
            throw new IllegalStateException(
                    "POST " + path + " " + json + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /**
     * One request with a bearer token and, unless null, a JSON body.
     *
     * @throws UncheckedIOException when the application does not answer within {@code timeout}
     */
    public HttpResponse<String> send(String method, String path, String token, String json, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Whether {@code /q/health/ready} answers 200 within two seconds. */
    public boolean ready() {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, as a crashed machine; returns once the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Heap in use (every heap pool of {@code jvm_memory_used_bytes} on /q/metrics), or -1 when unavailable. */
    public long heapUsedBytes() {
        try {
            String metrics = HTTP.send(
                            HttpRequest.newBuilder(URI.create(url + "/q/metrics"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            double sum = 0;
            for (String line : metrics.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return (long) sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGTERM, then waits for Quarkus to shut down. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private static void awaitReady(Process process, String url, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the application exited while starting; see " + log);
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the application was not ready within 120 s; see " + log);
    }
}
