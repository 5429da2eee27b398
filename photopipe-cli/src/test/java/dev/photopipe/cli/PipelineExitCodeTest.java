package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.cli.runtime.PipelineService;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineExitCodeTest {
    @Test
    void refusedCredentialsExitWith3WhateverElseHappened() {
        Optional<PipelineService.Failure> refused = Optional.of(new PipelineService.Failure("piwigo-sink: refused", true));

        assertThat(Pipeline.exitCode(true, refused)).isEqualTo(ExitCodes.CONFIG);
        assertThat(Pipeline.exitCode(false, refused)).isEqualTo(ExitCodes.CONFIG);
    }

    @Test
    void otherFailuresAndUncleanStopsExitWith1AndACleanStopWith0() {
        assertThat(Pipeline.exitCode(true, Optional.of(new PipelineService.Failure("enrich-stream: ERROR", false))))
                .isEqualTo(ExitCodes.FAILURE);
        assertThat(Pipeline.exitCode(false, Optional.empty())).isEqualTo(ExitCodes.FAILURE);
        assertThat(Pipeline.exitCode(true, Optional.empty())).isEqualTo(ExitCodes.OK);
    }
}
