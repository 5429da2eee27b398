package dev.photopipe.store.s3;

import java.util.Objects;

/**
 * Where an S3-compatible photo store is and how to sign in. Plain values, so that callers need no
 * AWS type.
 *
 * @param endpoint the S3 API's base URL (MinIO, Ceph, ...); empty for AWS S3 itself
 * @param bucket the bucket holding the photos (created beforehand)
 * @param region the signing region (any value works for most S3-compatible servers)
 * @param pathStyle {@code http://host/bucket/key} addressing instead of {@code http://bucket.host/key};
 *     what MinIO and most S3-compatible servers need
 * @param prefix prepended to every key, e.g. {@code photos/}; may be empty
 * @param accessKey the access key id; empty: the SDK's default chain (environment, profile, instance role)
 * @param secretKey the secret key, used with {@code accessKey}
 */
public record S3Settings(String endpoint, String bucket, String region, boolean pathStyle, String prefix,
        String accessKey, String secretKey) {

    public S3Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
    }

    /** Never prints the secret key. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + ", pathStyle="
                + pathStyle + ", prefix=" + prefix + ", accessKey=" + (accessKey.isEmpty() ? "" : "[hidden]")
                + ", secretKey=[hidden]]";
    }
}
