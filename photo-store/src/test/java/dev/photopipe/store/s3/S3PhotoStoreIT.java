package dev.photopipe.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.store.PhotoStore;
import dev.photopipe.store.PhotoStoreContract;
import dev.photopipe.testing.s3.S3Endpoint;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The S3 backend against a real S3 API: S3Proxy (filesystem backend) in this JVM, signed requests. */
@ExtendWith(S3Endpoint.class)
class S3PhotoStoreIT extends PhotoStoreContract {
    @TempDir
    Path staging;

    @Override
    protected PhotoStore newStore() {
        return new S3PhotoStore(new S3Settings(S3Endpoint.uri().toString(), S3Endpoint.newBucket("photos"), "us-east-1",
                true, "pipeline-a/", S3Endpoint.ACCESS_KEY, S3Endpoint.SECRET_KEY), staging);
    }

    @Test
    void bytesThatDoNotMatchTheirMd5AreRefusedByTheServerAndNothingIsStored() throws Exception {
        byte[] bytes = bytes(4096, 9);
        Path staged = stage(bytes);
        assertThatThrownBy(() -> store().put(staged, key(bytes, "jpg"), md5(bytes(4096, 10))))
                .isInstanceOf(IOException.class).hasMessageContaining("photo.store.s3");
        assertThat(listed()).isEmpty();
        assertThat(staged).doesNotExist();
    }

    @Test
    void wrongCredentialsSayWhichSettingsToCheck() {
        try (PhotoStore wrong = new S3PhotoStore(new S3Settings(S3Endpoint.uri().toString(), "any", "us-east-1", true, "",
                S3Endpoint.ACCESS_KEY, "not-the-secret"), staging)) {
            assertThatThrownBy(() -> wrong.list(photo -> { }))
                    .isInstanceOf(IOException.class).hasMessageContaining("credentials").hasMessageNotContaining("not-the-secret");
        }
    }
}
