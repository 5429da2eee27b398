package dev.photopipe.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.photopipe.testing.architecture.KafkaClientRules;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The command's layering: picocli commands and wiring; the work lives in photopipe-ops and the services. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().importPath(Path.of("target", "classes"));
    }

    @Test
    void kafkaClientsComeFromTheOneFactory() {
        KafkaClientRules.clientsComeFromTheFactory().check(classes);
    }

    @Test
    void commandsReadAndWriteNoRecordsThemselves() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka.clients.consumer..",
                        "org.apache.kafka.clients.producer..")
                .because("reading and writing records is operations or service code (photopipe-ops, the services); "
                        + "the command wires it and prints its reports")
                .check(classes);
    }
}
