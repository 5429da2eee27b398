package dev.photopipe.testing.s3;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * JUnit 5 extension giving tests a real S3 API: S3Proxy with its filesystem backend, inside the
 * test JVM, on a free loopback port, with credentials (requests are signed as against AWS). One
 * per test JVM, started on first use; tests name their own buckets ({@link #newBucket(String)}).
 * Modules using it declare {@code org.gaul:s3proxy} and {@code software.amazon.awssdk:s3} as test
 * dependencies (optional here).
 */
public final class S3Endpoint implements BeforeAllCallback {
    public static final String ACCESS_KEY = "photopipe-test";
    public static final String SECRET_KEY = "photopipe-test-secret";
    private static final Namespace NAMESPACE = Namespace.create(S3Endpoint.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static volatile URI uri;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("s3proxy", key -> {
            S3ProxyJunitCore proxy = new S3ProxyJunitCore.Builder().withCredentials(ACCESS_KEY, SECRET_KEY).build();
            try {
                proxy.beforeEach();
            } catch (Exception e) {
                throw new IllegalStateException("S3Proxy did not start", e);
            }
            uri = proxy.getUri();
            return (AutoCloseable) () -> {
                proxy.afterEach();
                uri = null;
            };
        });
    }

    /** The endpoint, e.g. {@code http://127.0.0.1:41234}. */
    public static URI uri() {
        URI current = uri;
        if (current == null) {
            throw new IllegalStateException("Add @ExtendWith(S3Endpoint.class) to the test class");
        }
        return current;
    }

    /** Creates a bucket named after {@code prefix} and unique in this JVM; returns its name. */
    public static String newBucket(String prefix) {
        String bucket = prefix + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        return bucket;
    }

    /** A client of the endpoint, for tests that look at what is stored; close it. */
    public static S3Client client() {
        return S3Client.builder().endpointOverride(uri()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }
}
