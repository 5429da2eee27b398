package dev.photopipe.sink.connect;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.photopipe.testing.architecture.KafkaClientRules;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Layering of the connector module, checked by the build (plain JUnit tests calling {@code check()}). */
class ArchitectureTest {
    private static JavaClasses connector;

    @BeforeAll
    static void importClasses() {
        connector = new ClassFileImporter().importPath(Path.of("target", "classes"));
    }

    @Test
    void importedTheConnectorClasses() {
        assertThat(connector.containPackage("dev.photopipe.sink.connect")).isTrue();
    }

    @Test
    void usesOnlyConnectsPublicApiNeverTheRuntime() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.apache.kafka.connect.runtime..")
                .because("a plugin sees the worker's connect-api; the runtime's classes are the worker's own and "
                        + "change between Kafka versions")
                .check(connector);
    }

    @Test
    void speaksToPiwigoOnlyThroughTheSinksCore() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("okhttp3..", "dev.photopipe.sink.piwigo..",
                        "dev.photopipe.sink.upload..", "dev.photopipe.sink.ledger..")
                .because("one core, two runtimes: the connector drives SinkCore and its UploadWindow, it does not "
                        + "upload, classify Piwigo's answers or keep the ledger itself")
                .check(connector);
    }

    @Test
    void neverConsumesOrCommitsItself() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("org.apache.kafka.clients.consumer.Consumer")
                .orShould().dependOnClassesThat()
                .haveFullyQualifiedName("org.apache.kafka.clients.consumer.KafkaConsumer")
                .because("Connect owns the task's consumer: offsets go back through preCommit only")
                .check(connector);
    }

    @Test
    void buildsKafkaClientsOnlyThroughPhotopipesFactory() {
        KafkaClientRules.clientsComeFromTheFactory().check(connector);
    }
}
