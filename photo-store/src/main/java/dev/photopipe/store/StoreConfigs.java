package dev.photopipe.store;

import dev.photopipe.store.s3.S3Settings;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The photo store's settings, declared once here and added to the definition of every service
 * that writes or reads it (ingest, the sink), so names, defaults and documentation never drift.
 */
public final class StoreConfigs {
    public static final String GROUP = "Photo store";

    public static final String TYPE = "photo.store.type";
    public static final String DIR = "photo.store.dir";
    public static final String LINK = "photo.store.link";
    public static final String S3_ENDPOINT = "photo.store.s3.endpoint";
    public static final String S3_BUCKET = "photo.store.s3.bucket";
    public static final String S3_REGION = "photo.store.s3.region";
    public static final String S3_PATH_STYLE = "photo.store.s3.path.style";
    public static final String S3_PREFIX = "photo.store.s3.prefix";
    public static final String S3_ACCESS_KEY = "photo.store.s3.access.key";
    public static final String S3_SECRET_KEY = "photo.store.s3.secret.key";

    public static final String TYPE_LOCAL = "local";
    public static final String TYPE_S3 = "s3";

    private StoreConfigs() {
    }

    /** Adds the store's settings to {@code def} and returns it. */
    public static ConfigDef define(ConfigDef def) {
        int order = 0;
        return def
                .define(TYPE, Type.STRING, TYPE_LOCAL, ConfigDef.ValidString.in(TYPE_LOCAL, TYPE_S3), Importance.HIGH,
                        "Where ingest keeps each photo's bytes, once, under its photo id, and where the sink reads them. "
                                + "local: a folder (photo.store.dir); every sink must see it at the same path (one host, "
                                + "or a share mounted alike everywhere). s3: S3-compatible object storage (AWS S3, MinIO, "
                                + "Ceph), which any number of ingest and sink hosts share.",
                        GROUP, ++order, Width.SHORT, "Photo store")
                .define(DIR, Type.STRING, "./data/photos", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Folder of the local photo store (photo.store.type=local): photos under "
                                + "ab/cd/<sha256>.<ext>, written once, never changed. Back it up.",
                        GROUP, ++order, Width.LONG, "Store folder")
                .define(LINK, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Local store: keep a hot-folder or imported file that lies on the store's file system by a "
                                + "hard link instead of a copy (no second copy written; the store's name keeps the bytes "
                                + "when the hot folder's goes). The file is then shared: changing it in place changes "
                                + "the stored bytes, which the sink refuses by their MD5. false: always copy.",
                        GROUP, ++order, Width.SHORT, "Link, not copy")
                .define(S3_ENDPOINT, Type.STRING, "", Importance.HIGH,
                        "Base URL of the S3 API, e.g. http://minio:9000; empty for AWS S3 itself (then "
                                + "photo.store.s3.region decides).",
                        GROUP, ++order, Width.LONG, "S3 endpoint")
                .define(S3_BUCKET, Type.STRING, "", Importance.HIGH,
                        "Bucket holding the photos (photo.store.type=s3). photopipe does not create it.",
                        GROUP, ++order, Width.MEDIUM, "S3 bucket")
                .define(S3_REGION, Type.STRING, "us-east-1", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Region requests are signed for; S3-compatible servers usually accept any.",
                        GROUP, ++order, Width.SHORT, "S3 region")
                .define(S3_PATH_STYLE, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Address the bucket in the path (http://host/bucket/key) rather than in the host name. "
                                + "true for MinIO and most S3-compatible servers.",
                        GROUP, ++order, Width.SHORT, "S3 path style")
                .define(S3_PREFIX, Type.STRING, "", Importance.LOW,
                        "Prefix of every photo's key in the bucket, e.g. 'photopipe/plant1/', so several "
                                + "pipelines can share a bucket.",
                        GROUP, ++order, Width.MEDIUM, "S3 key prefix")
                .define(S3_ACCESS_KEY, Type.STRING, "", Importance.HIGH,
                        "Access key id. Empty: the AWS SDK's default chain (AWS_ACCESS_KEY_ID and "
                                + "AWS_SECRET_ACCESS_KEY, ~/.aws, an instance role).",
                        GROUP, ++order, Width.MEDIUM, "S3 access key")
                .define(S3_SECRET_KEY, Type.PASSWORD, null, Importance.HIGH,
                        "Secret key of photo.store.s3.access.key.",
                        GROUP, ++order, Width.MEDIUM, "S3 secret key");
    }

    /**
     * The store's settings from a service's config, checked across fields.
     *
     * @throws ConfigException naming the setting to fix
     */
    public static StoreSettings settings(AbstractConfig config) {
        String type = config.getString(TYPE);
        if (TYPE_LOCAL.equals(type)) {
            return new StoreSettings(Path.of(config.getString(DIR)), config.getBoolean(LINK), null);
        }
        String bucket = config.getString(S3_BUCKET);
        if (bucket.isBlank()) {
            throw new ConfigException(S3_BUCKET, bucket, "photo.store.type=s3 needs the bucket that holds the photos");
        }
        String accessKey = config.getString(S3_ACCESS_KEY);
        Password secret = config.getPassword(S3_SECRET_KEY);
        if (!accessKey.isEmpty() && (secret == null || secret.value().isEmpty())) {
            throw new ConfigException(S3_SECRET_KEY, "[hidden]", "photo.store.s3.access.key is set, so its secret key "
                    + "is needed too (or leave both empty for the AWS SDK's default credentials)");
        }
        String prefix = config.getString(S3_PREFIX);
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        return new StoreSettings(null, false, new S3Settings(config.getString(S3_ENDPOINT), bucket, config.getString(S3_REGION),
                config.getBoolean(S3_PATH_STYLE), prefix, accessKey, secret == null ? "" : secret.value()));
    }

    /** The settings that are secrets, for whoever prints configurations. */
    public static List<String> secrets() {
        return List.of(S3_SECRET_KEY);
    }
}
