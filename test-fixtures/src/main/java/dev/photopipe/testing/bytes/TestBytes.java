package dev.photopipe.testing.bytes;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Photo-like bytes for tests and the digests photopipe identifies them by. Stateless, thread-safe. */
public final class TestBytes {
    private TestBytes() {
    }

    /** {@code size} random bytes, the same for the same seed. */
    public static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Lower-case hex MD5: how Piwigo knows an image. */
    public static String md5(byte[] bytes) {
        return hex("MD5", bytes);
    }

    /** Lower-case hex SHA-256: the photo id. */
    public static String sha256(byte[] bytes) {
        return hex("SHA-256", bytes);
    }

    private static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from this JVM", e);
        }
    }
}
