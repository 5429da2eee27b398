package dev.photopipe.ingest.simulate;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/**
 * Real JPEG files with real EXIF blocks, for the camera simulator, demos, benchmarks and tests.
 * The picture is seeded noise and shapes, so different seeds give different bytes (different
 * photo ids) and the file compresses like a photo rather than like a flat colour. No text is
 * drawn: that would need fonts, which headless servers often lack.
 */
public final class SyntheticJpeg {
    private static final DateTimeFormatter EXIF_DATE =
            DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private int width = 640;
    private int height = 480;
    private long seed;
    private Instant captureTime;
    private Integer exifOrientation;
    private String make = "photopipe";
    private String model = "simulated camera";
    private Double latitude;
    private Double longitude;

    public SyntheticJpeg size(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("width and height must be positive, were " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        return this;
    }

    /** Different seeds give different pictures. */
    public SyntheticJpeg seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Written as EXIF DateTimeOriginal (UTC); none by default. */
    public SyntheticJpeg captureTime(Instant captureTime) {
        this.captureTime = captureTime;
        return this;
    }

    /** EXIF Orientation tag, 1-8; none by default. */
    public SyntheticJpeg exifOrientation(int orientation) {
        this.exifOrientation = orientation;
        return this;
    }

    public SyntheticJpeg camera(String make, String model) {
        this.make = Objects.requireNonNull(make, "make");
        this.model = Objects.requireNonNull(model, "model");
        return this;
    }

    public SyntheticJpeg gps(double latitude, double longitude) {
        this.latitude = latitude;
        this.longitude = longitude;
        return this;
    }

    /** Encodes the picture as a JPEG with the EXIF block set so far. */
    public byte[] toBytes() {
        try {
            return withExif(encode());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode a synthetic JPEG", e);
        }
    }

    private byte[] encode() throws IOException {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillRect(0, 0, width, height);
            for (int i = 0; i < 24; i++) {
                g.setColor(new Color(random.nextInt(0xFFFFFF)));
                g.fillOval(random.nextInt(width), random.nextInt(height), 1 + random.nextInt(width / 2 + 1),
                        1 + random.nextInt(height / 2 + 1));
            }
        } finally {
            g.dispose();
        }
        // Sensor-like noise: it is what makes a JPEG as large as a photo of the same size.
        for (int y = 0; y < height; y += 2) {
            for (int x = 0; x < width; x += 2) {
                int rgb = image.getRGB(x, y) ^ (random.nextInt(64) * 0x010101);
                image.setRGB(x, y, rgb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "jpg", out)) {
            throw new IOException("This JVM has no JPEG encoder");
        }
        return out.toByteArray();
    }

    private byte[] withExif(byte[] jpeg) throws IOException {
        try {
            TiffOutputSet exif = new TiffOutputSet();
            TiffOutputDirectory root = exif.getOrCreateRootDirectory();
            root.add(TiffTagConstants.TIFF_TAG_MAKE, make);
            root.add(TiffTagConstants.TIFF_TAG_MODEL, model);
            if (exifOrientation != null) {
                root.add(TiffTagConstants.TIFF_TAG_ORIENTATION, exifOrientation.shortValue());
            }
            TiffOutputDirectory sub = exif.getOrCreateExifDirectory();
            sub.add(ExifTagConstants.EXIF_TAG_EXIF_IMAGE_WIDTH, (short) width);
            sub.add(ExifTagConstants.EXIF_TAG_EXIF_IMAGE_LENGTH, (short) height);
            if (captureTime != null) {
                sub.add(ExifTagConstants.EXIF_TAG_DATE_TIME_ORIGINAL, EXIF_DATE.format(captureTime));
            }
            if (latitude != null && longitude != null) {
                exif.setGpsInDegrees(longitude, latitude);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + 1024);
            new ExifRewriter().updateExifMetadataLossless(jpeg, out, exif);
            return out.toByteArray();
        } catch (ImagingException e) {
            throw new IOException("Cannot write the EXIF block: " + e.getMessage(), e);
        }
    }
}
