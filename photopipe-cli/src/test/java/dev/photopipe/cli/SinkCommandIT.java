package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.testing.kafka.SharedKafka;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code photopipe sink} as an operator runs it: a gallery that refuses the credentials is reported at once. */
@ExtendWith(SharedKafka.class)
class SinkCommandIT {

    @Test
    void refusesToStartWithExitCode3AndTheReasonWhenPiwigoRefusesTheApiKey() throws Exception {
        String prefix = SharedKafka.uniqueName("sinkcmd") + ".";
        try (PiwigoEmulator piwigo = PiwigoEmulator.builder().start();
                PhotopipeProcess sink = PhotopipeProcess.start("sink", "--bootstrap-servers", SharedKafka.bootstrapServers(),
                        "--set", "topics.prefix=" + prefix, "--set", "sink.group.id=" + prefix + "sink",
                        "--set", "piwigo.url=" + piwigo.url(),
                        "--set", "piwigo.api.key=pkid-20261123-abcdefghij0123456789:wrong-secret-0000000000000000000000000",
                        "--set", "metrics.port=0")) {
            assertThat(sink.process.waitFor(PhotopipeProcess.READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("stopped by itself; output:%n%s", sink.output()).isTrue();

            assertThat(sink.process.exitValue()).as("exit code; output:%n%s", sink.output()).isEqualTo(ExitCodes.CONFIG);
            assertThat(sink.output()).contains("refused photopipe's credentials", "Check piwigo.api.key")
                    .doesNotContain("wrong-secret");
        }
    }
}
