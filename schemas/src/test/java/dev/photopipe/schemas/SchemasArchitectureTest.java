package dev.photopipe.schemas;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module's layering, checked by the build rather than kept in a wiki. */
class SchemasArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.photopipe.schemas");
    }

    private static final ArchRule OK_HTTP_ONLY_IN_REGISTRY = noClasses()
            .that().resideOutsideOfPackage("dev.photopipe.schemas.registry..")
            .should().dependOnClassesThat().resideInAPackage("okhttp3..")
            .because("the registry package is the only HTTP seam of this module");

    private static final ArchRule REGISTRY_WITHOUT_SERDES = noClasses()
            .that().resideInAPackage("dev.photopipe.schemas.registry..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.photopipe.schemas.serde..",
                    "dev.photopipe.schemas.deadletter..")
            .because("serdes use the registry client, not the other way round");

    private static final ArchRule DEAD_LETTERS_STAND_ALONE = noClasses()
            .that().resideInAPackage("dev.photopipe.schemas.deadletter..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.photopipe.schemas.serde..",
                    "dev.photopipe.schemas.registry..", "org.apache.avro..")
            .because("dead letters carry bytes untouched and must be readable without Avro");

    private static final ArchRule NO_KAFKA_STREAMS = noClasses()
            .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.streams..")
            .because("schemas is used by every service; Kafka Streams belongs to enrich-stream only");

    @Test
    void okHttpIsUsedOnlyByTheRegistryClient() {
        OK_HTTP_ONLY_IN_REGISTRY.check(classes);
    }

    @Test
    void theRegistryClientKnowsNothingOfSerdesOrDeadLetters() {
        REGISTRY_WITHOUT_SERDES.check(classes);
    }

    @Test
    void deadLettersNeedNeitherAvroNorTheRegistry() {
        DEAD_LETTERS_STAND_ALONE.check(classes);
    }

    @Test
    void kafkaStreamsIsNotUsed() {
        NO_KAFKA_STREAMS.check(classes);
    }
}
