package dev.photopipe.ops;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.photopipe.testing.architecture.KafkaClientRules;
import java.nio.file.Path;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.Processor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operations module's layering, checked by the build: usable without the command line,
 * replay and status apart, Kafka clients only from the one factory. Plain Jupiter tests over the
 * module's own classes (see enrich-stream's ArchitectureTest for why not {@code @ArchTest}).
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().importPath(Path.of("target", "classes"));
    }

    @Test
    void opsCodeKnowsNothingOfTheCommandLine() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("picocli..", "dev.photopipe.cli..")
                .because("replay, status, the page and the views must be callable from a status page or a test "
                        + "without picocli; the command wires them, never the reverse")
                .check(classes);
    }

    @Test
    void opsCodeUsesNoServiceInternals() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.photopipe.sink..", "dev.photopipe.ingest..",
                        "dev.photopipe.kafka.embedded..", "dev.photopipe.piwigo.emulator..")
                .because("operations read what the services write to Kafka (schemas), not the services' classes")
                .check(classes);
    }

    @Test
    void replayAndStatusStayApart() {
        noClasses().that().resideInAPackage("dev.photopipe.ops.status..")
                .should().dependOnClassesThat().resideInAPackage("dev.photopipe.ops.replay..")
                .because("what both need (scans, marks) lives in dev.photopipe.ops")
                .check(classes);
        noClasses().that().resideInAPackage("dev.photopipe.ops.replay..")
                .should().dependOnClassesThat().resideInAPackage("dev.photopipe.ops.status..")
                .because("what both need (scans, marks) lives in dev.photopipe.ops")
                .check(classes);
    }

    @Test
    void replayDecodesNoAvro() {
        noClasses().that().resideInAPackage("dev.photopipe.ops.replay..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.avro..", "dev.photopipe.schemas.serde..")
                .because("replay re-publishes bytes untouched; decoding them could only change them")
                .check(classes);
    }

    @Test
    void kafkaClientsComeFromTheOneFactory() {
        KafkaClientRules.clientsComeFromTheFactory().check(classes);
    }

    @Test
    void kafkaStreamsStaysInTheViews() {
        noClasses().that().resideOutsideOfPackage("dev.photopipe.ops.views..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.streams..")
                .because("status, replay, the page and find read the views through their query API, never the "
                        + "Streams runtime")
                .check(classes);
    }

    @Test
    void processorsStayInsideTheViewsTopology() {
        classes().that().implement(Processor.class).or().implement(FixedKeyProcessor.class)
                .should().notBePublic().andShould().resideInAPackage("dev.photopipe.ops.views.topology..")
                .because("the views' graph is built through ViewsTopology only")
                .check(classes);
    }
}
