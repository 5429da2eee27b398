package dev.photopipe.sink.piwigo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Real JPEG files with unique bytes (noise), so a real Piwigo accepts them and never saw them. */
public final class TestPhotos {
    public record Photo(Path path, String md5, long sizeBytes) {
    }

    private TestPhotos() {
    }

    public static Photo jpeg(Path dir, int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        try {
            Path file = dir.resolve("photo-" + seed + "-" + width + "x" + height + ".jpg");
            ImageIO.write(image, "jpg", file.toFile());
            byte[] bytes = Files.readAllBytes(file);
            return new Photo(file, ChunkedUpload.md5(bytes), bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
