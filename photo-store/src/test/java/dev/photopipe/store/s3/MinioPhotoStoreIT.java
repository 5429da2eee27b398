package dev.photopipe.store.s3;

import dev.photopipe.store.PhotoStore;
import dev.photopipe.store.PhotoStoreContract;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 backend against MinIO, the server docker-compose runs, in a container. Skipped (not
 * failed) where no Docker engine answers.
 */
@Testcontainers(disabledWithoutDocker = true)
class MinioPhotoStoreIT extends PhotoStoreContract {
    /** The version docker-compose.yml pins; change both together. */
    static final String IMAGE = "minio/minio:RELEASE.2025-04-22T22-12-26Z";
    private static final String USER = "photopipe";
    private static final String PASSWORD = "photopipe-minio-test";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Container
    static final GenericContainer<?> MINIO = new GenericContainer<>(IMAGE)
            .withEnv("MINIO_ROOT_USER", USER).withEnv("MINIO_ROOT_PASSWORD", PASSWORD)
            .withCommand("server", "/data").withExposedPorts(9000)
            .waitingFor(Wait.forHttp("/minio/health/ready").forPort(9000).withStartupTimeout(Duration.ofMinutes(2)));

    @TempDir
    Path staging;

    @Override
    protected PhotoStore newStore() {
        String endpoint = "http://" + MINIO.getHost() + ":" + MINIO.getMappedPort(9000);
        String bucket = "photos-" + SEQUENCE.incrementAndGet();
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(USER, PASSWORD))).build()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        return new S3PhotoStore(new S3Settings(endpoint, bucket, "us-east-1", true, "", USER, PASSWORD), staging);
    }
}
