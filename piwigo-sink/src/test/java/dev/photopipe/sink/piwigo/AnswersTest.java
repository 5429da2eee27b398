package dev.photopipe.sink.piwigo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photopipe.sink.piwigo.PiwigoException.Kind;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnswersTest {
    private static final String NOISE = "<br />\n<b>Warning</b>: Undefined index {x} in <b>ws.php</b><br />\n";

    /** The whole classification table: HTTP status, body, expected outcome (null = success). */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("ok", 200, "{\"stat\":\"ok\",\"result\":{\"id\":7}}", null),
                Arguments.of("ok with HTTP 500 is success", 500, "{\"stat\":\"ok\",\"result\":true}", null),
                Arguments.of("ok after PHP noise", 200, NOISE + "{\"stat\":\"ok\",\"result\":1}", null),
                Arguments.of("bad credentials 999 on HTTP 200", 200, "{\"stat\":\"fail\",\"err\":999,\"message\":\"Invalid username/password\"}", Kind.AUTHENTICATION),
                Arguments.of("401 verdict", 401, "{\"stat\":\"fail\",\"err\":401,\"message\":\"Access denied\"}", Kind.AUTHENTICATION),
                Arguments.of("401 without body", 401, "", Kind.AUTHENTICATION),
                Arguments.of("missing parameter 1002 on HTTP 200", 200, "{\"stat\":\"fail\",\"err\":1002,\"message\":\"Missing parameters\"}", Kind.PERMANENT),
                Arguments.of("invalid parameter 1003 on HTTP 200", 200, "{\"stat\":\"fail\",\"err\":1003,\"message\":\"Tag already exists\"}", Kind.PERMANENT),
                Arguments.of("forbidden type 415", 415, "{\"stat\":\"fail\",\"err\":415,\"message\":\"file type\"}", Kind.PERMANENT),
                Arguments.of("415 without verdict", 415, "<html>Unsupported</html>", Kind.PERMANENT),
                Arguments.of("403 without verdict", 403, "<html>Forbidden</html>", Kind.PERMANENT),
                Arguments.of("stat fail with HTTP 500 is a verdict", 500, "{\"stat\":\"fail\",\"err\":500,\"message\":\"file already exists\"}", Kind.PERMANENT),
                Arguments.of("other stat fail after noise", 200, NOISE + "{\"stat\":\"fail\",\"err\":1001,\"message\":\"x\"}", Kind.PERMANENT),
                Arguments.of("503 verdict", 503, "{\"stat\":\"fail\",\"err\":503,\"message\":\"busy\"}", Kind.TRANSIENT),
                Arguments.of("503 HTML", 503, "<html><body>Service Unavailable</body></html>", Kind.TRANSIENT),
                Arguments.of("502 empty", 502, "", Kind.TRANSIENT),
                Arguments.of("500 PHP fatal error HTML only", 500, "<b>Fatal error</b>: Allowed memory size exhausted", Kind.TRANSIENT),
                Arguments.of("408", 408, "", Kind.TRANSIENT),
                Arguments.of("429", 429, "Too Many Requests", Kind.TRANSIENT),
                Arguments.of("200 without JSON is a server fault", 200, "<html>PHP died</html>", Kind.TRANSIENT),
                Arguments.of("200 truncated JSON", 200, "{\"stat\":\"ok\",\"res", Kind.TRANSIENT),
                Arguments.of("404 without verdict", 404, "<html>Not Found</html>", Kind.PERMANENT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void classifiesEveryAnswerOnce(String name, int status, String body, Kind expected) {
        PiwigoException failure = catchThrowableOfType(PiwigoException.class,
                () -> Answers.result("pwg.test", status, body));
        if (expected == null) {
            assertThat(failure).isNull();
        } else {
            assertThat(failure).isNotNull();
            assertThat(failure.kind()).isEqualTo(expected);
            assertThat(failure.httpStatus()).isEqualTo(status);
            if (expected == Kind.AUTHENTICATION) {
                assertThat(failure).isInstanceOf(PiwigoAuthenticationException.class);
            }
        }
    }

    @Test
    void strictCallsRefuseStatOkWithHttp500() {
        String ok = "{\"stat\":\"ok\",\"result\":null}";
        PiwigoException failure = catchThrowableOfType(PiwigoException.class,
                () -> Answers.strictResult("pwg.images.setInfo", 500, ok));

        assertThat(failure).isNotNull();
        assertThat(failure.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(Answers.strictResult("pwg.images.setInfo", 200, ok).isNull()).isTrue();
        assertThat(Answers.result("pwg.categories.add", 500, ok).isNull()).isTrue();
    }

    @Test
    void ioFailuresAndTimeoutsAreTransient() {
        assertThat(Answers.ioFailure("m", new IOException("reset")).kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(Answers.ioFailure("m", new SocketTimeoutException("read")).getMessage()).contains("timed out");
    }

    @Test
    void readsTheResultAfterNoise() {
        JsonNode result = Answers.result("m", 200, NOISE + "{\"stat\":\"ok\",\"result\":{\"id\":\"12\"}}");
        assertThat(Answers.id(result.get("id"))).isEqualTo(12L);
    }

    @Test
    void readsIdsAsNumbersOrStrings() {
        JsonNode r = Answers.result("m", 200, "{\"stat\":\"ok\",\"result\":{\"a\":3,\"b\":\"4\",\"c\":null,\"d\":\"\"}}");
        assertThat(Answers.id(r.get("a"))).isEqualTo(3L);
        assertThat(Answers.id(r.get("b"))).isEqualTo(4L);
        assertThat(Answers.id(r.get("c"))).isNull();
        assertThat(Answers.id(r.get("d"))).isNull();
        assertThat(Answers.id(r.get("missing"))).isNull();
    }

    @Test
    void parsesChunkListOfPartialAnswers() {
        assertThat(ChunkedUpload.lacking("chunks uploaded = 1,3", 5)).containsExactly(1, 3);
        assertThat(ChunkedUpload.lacking("chunks uploaded = 1,2,3,4", 5)).isEmpty();
    }

    @Test
    void anAnswerWithoutJsonIsTransientAndQuotesThePhpFatalError() {
        String page = "<br />\n<b>Deprecated</b>:  explode(): Passing null to parameter #2 in <b>x.php</b><br />\n"
                + "<br />\n<b>Fatal error</b>:  Uncaught mysqli_sql_exception: Incorrect string value: "
                + "'\\xF0\\x9F' for column `piwigo`.`piwigo_categories`.`name` at row 1 in <b>f.php</b>:132\n"
                + "Stack trace:\n#0 {main}";

        PiwigoException failure = org.assertj.core.api.Assertions.catchThrowableOfType(PiwigoException.class,
                () -> Answers.result("pwg.categories.add", 200, page));

        org.assertj.core.api.Assertions.assertThat(failure.kind()).isEqualTo(PiwigoException.Kind.TRANSIENT);
        org.assertj.core.api.Assertions.assertThat(failure.getMessage())
                .contains("Fatal error: Uncaught mysqli_sql_exception: Incorrect string value")
                .doesNotContain("<b>", "Stack trace");
    }

    @Test
    void theFirstLineIsBounded() {
        org.assertj.core.api.Assertions.assertThat(Answers.firstLine("<html><title>" + "x".repeat(5000) + "</title>"))
                .hasSize(Answers.EXCERPT_CHARS + 3);
        org.assertj.core.api.Assertions.assertThat(Answers.firstLine("")).isEqualTo("(empty body)");
        org.assertj.core.api.Assertions.assertThat(Answers.firstLine("forbidden file type")).isEqualTo("forbidden file type");
    }
}
