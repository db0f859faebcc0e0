package io.concordia.clearing.embedded;

import io.concordia.kafka.embedded.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** An RS256 key pair in PEM files: generated once, then kept, so tokens stay valid across restarts. */
public record JwtKeys(Path privateKey, Path publicKey) {

    public static JwtKeys inFolder(Path folder) {
        JwtKeys keys = new JwtKeys(folder.resolve("private-key.pem"), folder.resolve("public-key.pem"));
        if (!Files.exists(keys.privateKey()) || !Files.exists(keys.publicKey())) {
            keys.generate();
        }
        return keys;
    }

    private void generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(privateKey.getParent());
            OwnerOnlyFiles.write(
                    privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available in this JVM", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JWT key pair to " + privateKey.getParent(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
