package dev.photopipe.ops.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.schemas.RoutingRule;
import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicProvisioner;
import dev.photopipe.testing.kafka.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Loading reference data on a real broker: a load makes the topic equal the file; the demo's add leaves others' data alone. */
@ExtendWith(SharedKafka.class)
class ReferenceDataIT {
    private static final Path EXAMPLE_RULES = Path.of("..", "examples", "rules.yaml");
    private static final String OWN_RULES = """
            rules:
              - id: my-rule
                priority: 1
                match: {sites: [Plant B]}
                album: "Plant B/{capture_date:yyyy}"
              - id: line-lots
                priority: 2
                match: {sites: [Plant A]}
                album: "Mine/{batch}"
            """;

    @TempDir
    Path dir;

    @Test
    void addingTheExamplesKeepsEveryRuleSomeoneElseLoadedAsItIs() throws Exception {
        TopicCatalog catalog = TopicCatalog.of(SharedKafka.uniqueName("refdata") + ".", 1, (short) 1);
        KafkaClients clients = new KafkaClients(SharedKafka.bootstrapServers(), "refdata-it");
        try (Admin admin = clients.admin()) {
            new TopicProvisioner(admin, catalog, SharedKafka.bootstrapServers(), Duration.ofSeconds(30)).provision();
        }
        ReferenceData data = new ReferenceData(clients, catalog, Map.of());
        Path own = Files.writeString(dir.resolve("own.yaml"), OWN_RULES);
        data.publish(ReferenceKind.RULES, own, ReferenceKind.RULES.load(own));
        Map<String, ? extends SpecificRecord> examples = ReferenceKind.RULES.load(EXAMPLE_RULES);

        String said = data.addMissing(ReferenceKind.RULES, EXAMPLE_RULES, examples);

        Map<String, ?> live = data.live(ReferenceKind.RULES);
        assertThat(live).containsKeys("my-rule").containsKeys(examples.keySet().toArray(String[]::new));
        assertThat(((RoutingRule) live.get("line-lots")).getAlbumPathTemplate()).as("theirs, not the example's")
                .isEqualTo("Mine/{batch}");
        assertThat(said).contains("added", "left as they are: 2 rules already live [line-lots, my-rule]");

        assertThat(data.addMissing(ReferenceKind.RULES, EXAMPLE_RULES, examples)).contains("0 added []");
    }
}
