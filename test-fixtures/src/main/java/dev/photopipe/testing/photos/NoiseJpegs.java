package dev.photopipe.testing.photos;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import javax.imageio.ImageIO;

/** Real, tiny JPEGs of noise for tests: distinct bytes per seed, named as ingest names photos. Stateless. */
public final class NoiseJpegs {
    private NoiseJpegs() {
    }

    /** A photo file with its ids: {@code photoId} the SHA-256 of its bytes (as ingest names photos), and its MD5. */
    public record Photo(String photoId, String md5, Path path) {
    }

    /** Writes a 32x24 JPEG of noise for {@code seed} to {@code dir/photo-<seed>.jpg}. */
    public static Photo write(Path dir, long seed) {
        BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        try {
            Path file = dir.resolve("photo-" + seed + ".jpg");
            ImageIO.write(image, "jpg", file.toFile());
            return of(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Any file as a photo: id = SHA-256, md5 = MD5 of its bytes. */
    public static Photo of(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return new Photo(hex("SHA-256", bytes), hex("MD5", bytes), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
