package dev.photopipe.sink.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.serde.PhotopipeSerdeException;
import dev.photopipe.sink.piwigo.PiwigoAuthenticationException;
import dev.photopipe.sink.piwigo.PiwigoException;
import dev.photopipe.sink.piwigo.PiwigoException.Kind;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The classification table of record failures, in one place. */
class FailuresTest {

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("rejected by the source check", new RejectedRequest(ReasonCode.CORRUPT_IMAGE, "x", null),
                        Verdict.deadLetter(ReasonCode.CORRUPT_IMAGE)),
                Arguments.of("photo store down while reading the bytes", new StoreUnavailable("no answer", null),
                        Verdict.RETRY_LATER),
                Arguments.of("Piwigo down (503, I/O, timeout)", piwigo(Kind.TRANSIENT, 503, 0, null),
                        Verdict.RETRY_LATER),
                Arguments.of("bad credentials", new PiwigoAuthenticationException("pwg.images.exist", 401, 0, "no"),
                        Verdict.STOP),
                Arguments.of("forbidden file type", piwigo(Kind.PERMANENT, 0, 415, null),
                        Verdict.deadLetter(ReasonCode.FORBIDDEN_TYPE)),
                Arguments.of("source vanished while streaming",
                        piwigo(Kind.PERMANENT, 0, 0, new UncheckedIOException(new NoSuchFileException("f"))),
                        Verdict.deadLetter(ReasonCode.SOURCE_MISSING)),
                Arguments.of("source unreadable while streaming",
                        piwigo(Kind.PERMANENT, 0, 0, new UncheckedIOException(new AccessDeniedException("f"))),
                        Verdict.deadLetter(ReasonCode.SOURCE_UNREADABLE)),
                Arguments.of("stat:fail on the photo (1003)", piwigo(Kind.PERMANENT, 200, 1003, null),
                        Verdict.deadLetter(ReasonCode.PIWIGO_REJECTED)),
                Arguments.of("serde failure", new PhotopipeSerdeException(PhotopipeSerdeException.Reason.UNKNOWN_MAGIC_BYTE, "t", "bad", null),
                        Verdict.deadLetter(ReasonCode.DESERIALIZATION_FAILED)),
                Arguments.of("Kafka serialization failure", new SerializationException("bad"),
                        Verdict.deadLetter(ReasonCode.DESERIALIZATION_FAILED)),
                Arguments.of("shutdown interrupted the upload", new CancellationException("stop"),
                        Verdict.RETRY_LATER),
                Arguments.of("anything else", new IllegalStateException("bug"),
                        Verdict.deadLetter(ReasonCode.PROCESSING_FAILED)));
    }

    private static PiwigoException piwigo(Kind kind, int http, int err, Throwable cause) {
        return new PiwigoException(kind, "pwg.images.uploadAsync", http, err, "m", cause);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void classifiesEachFailureOnce(String what, Throwable failure, Verdict expected) {
        assertThat(Failures.classify(failure)).isEqualTo(expected);
    }
}
