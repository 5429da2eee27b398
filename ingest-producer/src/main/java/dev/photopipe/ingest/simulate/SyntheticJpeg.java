package dev.photopipe.ingest.simulate;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
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
    private String uniqueId;
    /** The encoded pixels, kept while size and seed stay the same: encoding is the costly part. */
    private byte[] encoded;

    public SyntheticJpeg size(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("width and height must be positive, were " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.encoded = null;
        return this;
    }

    /** Different seeds give different pictures. */
    public SyntheticJpeg seed(long seed) {
        this.seed = seed;
        this.encoded = null;
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

    /**
     * Written as EXIF ImageUniqueID (a fixed field of 32 hex digits: the MD5 of this text). Photos
     * of the same picture with different ids have different bytes, hence different photo ids,
     * without encoding the pixels again.
     */
    public SyntheticJpeg uniqueId(String uniqueId) {
        this.uniqueId = uniqueId;
        return this;
    }

    /** Encodes the picture as a JPEG with the EXIF block set so far. */
    public byte[] toBytes() {
        try {
            if (encoded == null) {
                encoded = encode();
            }
            return withExif(encoded);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode a synthetic JPEG", e);
        }
    }

    private static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 missing from this JVM", e);
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
            if (uniqueId != null) {
                sub.add(ExifTagConstants.EXIF_TAG_IMAGE_UNIQUE_ID, md5Hex(uniqueId));
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
