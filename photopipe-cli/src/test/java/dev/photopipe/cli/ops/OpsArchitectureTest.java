package dev.photopipe.cli.ops;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator commands' layering: thin picocli commands on top, Kafka work below, never the reverse. */
class OpsArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.photopipe.cli");
    }

    @Test
    void opsCodeKnowsNothingOfTheCommandLine() {
        noClasses().that().resideInAPackage("dev.photopipe.cli.ops..")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .orShould().dependOnClassesThat().resideInAPackage("dev.photopipe.cli")
                .because("replay and status must be callable from a status page or a test without picocli")
                .check(classes);
    }

    @Test
    void replayAndStatusStayApart() {
        noClasses().that().resideInAPackage("dev.photopipe.cli.ops.status..")
                .should().dependOnClassesThat().resideInAPackage("dev.photopipe.cli.ops.replay..")
                .because("what both need (scans, marks, clients) lives in dev.photopipe.cli.ops")
                .check(classes);
        noClasses().that().resideInAPackage("dev.photopipe.cli.ops.replay..")
                .should().dependOnClassesThat().resideInAPackage("dev.photopipe.cli.ops.status..")
                .because("what both need (scans, marks, clients) lives in dev.photopipe.cli.ops")
                .check(classes);
    }

    @Test
    void onlyTheStatusPackageDecodesAvro() {
        noClasses().that().resideInAPackage("dev.photopipe.cli.ops.replay..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.avro..", "dev.photopipe.schemas.serde..")
                .because("replay re-publishes bytes untouched; decoding them could only change them")
                .check(classes);
    }
}
