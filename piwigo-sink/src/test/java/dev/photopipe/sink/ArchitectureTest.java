package dev.photopipe.sink;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
        sink = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.photopipe.sink");
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
}
