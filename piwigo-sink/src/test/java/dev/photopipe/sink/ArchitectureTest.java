package dev.photopipe.sink;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Layering checked by the build. Plain JUnit tests calling {@code check()}: the ArchUnit JUnit
 * engine discovered no rules under this Surefire setup, which would be a test that cannot fail.
 */
class ArchitectureTest {
    private static JavaClasses sink;

    @BeforeAll
    static void importClasses() {
        // The module's own main classes only: scanning the whole test class path is slow.
        sink = new ClassFileImporter().importPath(Path.of("target", "classes"));
    }

    @Test
    void importedTheSinkClasses() {
        assertThat(sink.containPackage("dev.photopipe.sink.piwigo")).isTrue();
        assertThat(sink.containPackage("dev.photopipe.sink.upload")).isTrue();
    }

    @Test
    void onlyThePiwigoPackageSpeaksHttp() {
        noClasses().that().resideOutsideOfPackage("dev.photopipe.sink.piwigo..")
                .should().dependOnClassesThat().resideInAPackage("okhttp3..")
                .because("the piwigo package is the one seam to Piwigo's HTTP API: its classification "
                        + "of answers and its retry rules must not be bypassed")
                .check(sink);
    }

    @Test
    void catalogUsesOnlyTheClientSeam() {
        noClasses().that().resideInAPackage("dev.photopipe.sink.catalog..")
                .should().dependOnClassesThat().haveSimpleNameStartingWith("OkHttp")
                .because("album and tag logic is written against the PiwigoClient interface")
                .check(sink);
    }

    @Test
    void ledgerKnowsNothingOfPiwigoOrTheConsumer() {
        noClasses().that().resideInAPackage("dev.photopipe.sink.ledger..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.photopipe.sink.piwigo..",
                        "dev.photopipe.sink.upload..", "dev.photopipe.sink.consume..", "dev.photopipe.sink.catalog..")
                .because("the ledger is the sink's Kafka-backed memory; what is recorded is decided by the consumer")
                .check(sink);
    }

    @Test
    void onlyTheConsumerTouchesKafkaConsumerGroups() {
        noClasses().that().resideOutsideOfPackages("dev.photopipe.sink.consume..", "dev.photopipe.sink.ledger..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.clients.consumer..")
                .because("offsets are committed in one place, after the ledger write")
                .check(sink);
    }

    @Test
    void onlyTheSourcePackageReadsThePhotoStore() {
        noClasses().that().resideOutsideOfPackages("dev.photopipe.sink.source..", "dev.photopipe.sink.config..", "dev.photopipe.sink")
                .should().dependOnClassesThat().resideInAPackage("dev.photopipe.store..")
                .because("the uploader gets a checked local file; where the bytes live is the source package's concern")
                .check(sink);
        noClasses().should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "dev.photopipe.store.s3..")
                .because("the AWS SDK is confined to the photo store's s3 package")
                .check(sink);
    }

    @Test
    void theUploadWindowOwnsNoKafkaConsumer() {
        noClasses().that().resideInAPackage("dev.photopipe.sink.consume..")
                .and().doNotHaveSimpleName("ConsumerDriver").and().doNotHaveSimpleName("RequestConsumers")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.apache.kafka.clients.consumer.Consumer")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.apache.kafka.clients.consumer.KafkaConsumer")
                .orShould().dependOnClassesThat()
                .haveFullyQualifiedName("org.apache.kafka.clients.consumer.ConsumerRebalanceListener")
                .because("the window, per-photo work, recording and offset tracking must run under a Kafka "
                        + "Connect task too, which owns its consumer; only the standalone driver polls")
                .check(sink);
    }

    @Test
    void theCoreKnowsNothingOfKafkaConnect() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.apache.kafka.connect..")
                .because("one core, two runtimes: Kafka Connect's API belongs to piwigo-sink-connector, which "
                        + "drives this module's UploadWindow through SinkCore")
                .check(sink);
    }
}
