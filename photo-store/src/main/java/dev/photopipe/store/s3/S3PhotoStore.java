package dev.photopipe.store.s3;

import dev.photopipe.store.PhotoKey;
import dev.photopipe.store.PhotoMissingException;
import dev.photopipe.store.PhotoStore;
import dev.photopipe.store.StoredPhoto;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link PhotoStore} on S3-compatible object storage (AWS S3, MinIO, Ceph RGW, ...), through the
 * AWS SDK for Java v2: the only class in photopipe that speaks to it. Keys are
 * {@code <prefix>ab/cd/<sha256>.<ext>}, URIs {@code s3://<bucket>/<key>}.
 *
 * <p>A PUT is atomic in S3 (the object appears whole or not at all) and carries the bytes'
 * {@code Content-MD5}, which the server checks: what is stored under a photo id is what ingest
 * hashed. Photos are staged in a local folder first (ingest inspects them there), so the upload
 * streams a file of known length. The SDK's own extra checksums are asked for only where S3
 * requires them, since several S3-compatible servers do not know the newer ones.
 *
 * <p>Thread-safe (the SDK's client is); close it once.
 */
public final class S3PhotoStore implements PhotoStore {
    private static final HexFormat HEX = HexFormat.of();

    private final S3Settings settings;
    private final Path staging;
    private final S3Client s3;

    /** @param staging local folder for photos on their way in (created when missing) */
    public S3PhotoStore(S3Settings settings, Path staging) {
        this.settings = settings;
        this.staging = staging.toAbsolutePath().normalize();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials(settings))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (!settings.endpoint().isEmpty()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        this.s3 = builder.build();
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.accessKey().isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
    }

    @Override
    public Path newStagingFile() throws IOException {
        return Files.createTempFile(stagingDir(), "photo-", ".tmp");
    }

    @Override
    public Optional<Path> linkStaging(Path source) {
        return Optional.empty(); // the bytes must travel to the object store anyway
    }

    @Override
    public Path stagingDir() throws IOException {
        return Files.createDirectories(staging);
    }

    @Override
    public URI put(Path staged, PhotoKey key, String md5Hex) throws IOException {
        String objectKey = settings.prefix() + key.relative();
        try {
            if (!exists(objectKey)) {
                s3.putObject(b -> b.bucket(settings.bucket()).key(objectKey)
                                .contentMD5(Base64.getEncoder().encodeToString(HEX.parseHex(md5Hex))),
                        RequestBody.fromFile(staged));
            }
            return uri(objectKey);
        } catch (SdkException e) {
            throw failure("store " + objectKey + " in", e);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    private boolean exists(String objectKey) {
        try {
            s3.headObject(b -> b.bucket(settings.bucket()).key(objectKey));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false; // HEAD answers have no body, so the SDK cannot always name the error
            }
            throw e;
        }
    }

    @Override
    public boolean owns(URI uri) {
        return "s3".equalsIgnoreCase(uri.getScheme()) && settings.bucket().equals(uri.getHost())
                && key(uri).startsWith(settings.prefix());
    }

    @Override
    public InputStream open(URI uri) throws IOException {
        String objectKey = checked(uri);
        try {
            return s3.getObject(b -> b.bucket(settings.bucket()).key(objectKey));
        } catch (NoSuchKeyException e) {
            throw new PhotoMissingException(uri);
        } catch (SdkException e) {
            throw failure("read " + objectKey + " from", e);
        }
    }

    @Override
    public Optional<Path> localFile(URI uri) {
        checked(uri);
        return Optional.empty();
    }

    @Override
    public void list(Consumer<StoredPhoto> each) throws IOException {
        try {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(settings.prefix()))
                    .contents()) {
                PhotoKey.parse(object.key()).ifPresent(key -> each.accept(
                        new StoredPhoto(key, uri(object.key()), object.size(), object.lastModified())));
            }
        } catch (SdkException e) {
            throw failure("list", e);
        }
    }

    @Override
    public boolean delete(URI uri) throws IOException {
        String objectKey = checked(uri);
        try {
            boolean existed = exists(objectKey);
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(objectKey));
            return existed;
        } catch (SdkException e) {
            throw failure("delete " + objectKey + " from", e);
        }
    }

    @Override
    public String describe() {
        return "bucket " + settings.bucket() + (settings.prefix().isEmpty() ? "" : " under " + settings.prefix())
                + " at " + (settings.endpoint().isEmpty() ? "AWS S3 (" + settings.region() + ")" : settings.endpoint());
    }

    @Override
    public void close() {
        s3.close();
    }

    private URI uri(String objectKey) {
        return URI.create("s3://" + settings.bucket() + "/" + objectKey);
    }

    private String checked(URI uri) {
        if (!owns(uri)) {
            throw new IllegalArgumentException(uri + " is not in the photo store's " + describe());
        }
        return key(uri);
    }

    private static String key(URI uri) {
        String path = uri.getPath();
        return path == null || path.isEmpty() ? "" : path.substring(1);
    }

    /** One wording for every S3 failure: what was done, where, and what the server or network said. */
    private IOException failure(String what, SdkException e) {
        String reason = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                ? "HTTP " + s3e.statusCode() + " " + s3e.awsErrorDetails().errorCode() + ": " + s3e.awsErrorDetails().errorMessage()
                : e.getMessage();
        return new IOException("Could not " + what + " the photo store's " + describe() + " (" + reason + "); check "
                + "photo.store.s3.endpoint, photo.store.s3.bucket and the credentials", e);
    }
}
