package io.concordia.clearing.embedded;

import io.concordia.kafka.embedded.OwnerOnlyFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The passwords of the embedded PostgreSQL's three roles, generated once and kept in an owner-only file beside the
 * cluster ({@code data/postgres-credentials.properties}). Whoever can read that file owns the database; nobody else
 * on the host can log in.
 *
 * @param superuser   {@code postgres}: used only by {@link EmbeddedDatabase} to set up roles and grants
 * @param owner       {@link EmbeddedDatabase#OWNER}: owns the schema, runs the migrations
 * @param application {@link EmbeddedDatabase#APPLICATION}: what the application connects as
 */
public record DatabaseCredentials(String superuser, String owner, String application) {

    /** Generated passwords are URL-safe Base64, so they never need quoting in SQL, URLs or shells. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{20,}");

    private static final SecureRandom RANDOM = new SecureRandom();

    public DatabaseCredentials {
        for (String password : new String[] {superuser, owner, application}) {
            if (password == null || !SAFE.matcher(password).matches()) {
                throw new IllegalArgumentException("a database password must be 20 or more of [A-Za-z0-9_-]");
            }
        }
    }

    /** Reads the file, or generates new passwords and writes it (owner-only) when it does not exist. */
    public static DatabaseCredentials inFile(Path file) {
        try {
            if (!Files.exists(file)) {
                DatabaseCredentials generated = new DatabaseCredentials(generate(), generate(), generate());
                OwnerOnlyFiles.write(file, generated.asProperties());
                return generated;
            }
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
            return new DatabaseCredentials(
                    p.getProperty("superuser.password"),
                    p.getProperty("owner.password"),
                    p.getProperty("application.password"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the database credentials " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " is damaged (" + e.getMessage() + "); restore it from a backup", e);
        }
    }

    static String generate() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String asProperties() {
        Properties p = new Properties();
        p.setProperty("superuser.password", superuser);
        p.setProperty("owner.password", owner);
        p.setProperty("application.password", application);
        StringWriter out = new StringWriter();
        try {
            p.store(
                    out,
                    "Passwords of the embedded PostgreSQL (roles postgres, " + EmbeddedDatabase.OWNER + ", "
                            + EmbeddedDatabase.APPLICATION + "). Keep this file readable by its owner only.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "DatabaseCredentials[***]";
    }
}
