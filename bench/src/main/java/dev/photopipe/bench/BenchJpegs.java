package dev.photopipe.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Real, decodable JPEGs of about a given size, all different: one base image (a gradient with
 * noise, about as compressible as a photo) is encoded once, and each copy gets its own comment
 * segment after the start marker, so every copy has its own md5 and costs Piwigo the same to
 * decode and thumbnail. Not thread-safe.
 */
final class BenchJpegs {
    private final byte[] base;

    /** A base JPEG of roughly {@code targetBytes} (within about 10 %). */
    BenchJpegs(int targetBytes) throws IOException {
        double pixels = targetBytes / 1.2; // first guess: about 1.2 bytes per pixel at this noise
        byte[] jpeg = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            int width = (int) Math.max(16, Math.sqrt(pixels * 4 / 3));
            int height = (int) Math.max(16, width * 3 / 4);
            jpeg = encode(width, height);
            double ratio = targetBytes / (double) jpeg.length;
            if (Math.abs(ratio - 1) < 0.08) {
                break;
            }
            pixels *= ratio;
        }
        this.base = jpeg;
    }

    int size() {
        return base.length;
    }

    /** Writes copy {@code tag} to {@code file} and returns its md5 (lower-case hex). */
    String write(Path file, String tag) throws IOException {
        byte[] comment = ("photopipe bench " + tag).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[base.length + 4 + comment.length];
        out[0] = base[0];
        out[1] = base[1]; // SOI
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xFE; // COM
        int length = comment.length + 2;
        out[4] = (byte) (length >> 8);
        out[5] = (byte) length;
        System.arraycopy(comment, 0, out, 6, comment.length);
        System.arraycopy(base, 2, out, 6 + comment.length, base.length - 2);
        Files.write(file, out);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(out));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }

    private static byte[] encode(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = clamp(x * 255 / width + random.nextInt(41) - 20);
                int g = clamp(y * 255 / height + random.nextInt(41) - 20);
                int b = clamp((x + y) * 127 / (width + height) + 64 + random.nextInt(41) - 20);
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
