package dev.photopipe.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Layering of the photo store, checked by the build. */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().importPath(Path.of("target", "classes"));
    }

    @Test
    void onlyTheS3BackendKnowsTheAwsSdk() {
        noClasses().that().resideOutsideOfPackage("..store.s3..")
                .should().dependOnClassesThat().resideInAPackage("software.amazon..")
                .because("the AWS SDK is confined to one package: everything else sees the PhotoStore interface")
                .check(main);
    }

    @Test
    void theStoreKnowsNoService() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.photopipe.ingest..", "dev.photopipe.sink..",
                        "dev.photopipe.enrich..", "dev.photopipe.cli..")
                .because("ingest writes and the sink reads through it; it depends on neither")
                .check(main);
    }
}
