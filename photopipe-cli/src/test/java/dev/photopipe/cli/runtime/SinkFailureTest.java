package dev.photopipe.cli.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.sink.piwigo.PiwigoAuthenticationException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class SinkFailureTest {
    @Test
    void refusedCredentialsAnywhereInTheCauseChainAreAConfigurationErrorNamingTheSettings() {
        Throwable failure = new ExecutionException(new PiwigoAuthenticationException("pwg.images.exist", 401, 0,
                "unauthorized"));

        PipelineService.Failure reported = ServiceKind.sinkFailure(failure);

        assertThat(reported.credentialsRefused()).isTrue();
        assertThat(reported.reason()).contains("refused photopipe's credentials", "piwigo.api.key", "restart");
    }

    @Test
    void anyOtherFailureIsNot() {
        PipelineService.Failure reported = ServiceKind.sinkFailure(new IllegalStateException("dead letter not written"));

        assertThat(reported.credentialsRefused()).isFalse();
        assertThat(reported.reason()).isEqualTo("dead letter not written");
    }
}
