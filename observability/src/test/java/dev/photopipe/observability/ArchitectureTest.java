package dev.photopipe.observability;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Layering of the observability module: a leaf every service builds its HTTP endpoints on. */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().importPath(Path.of("target", "classes"));
    }

    @Test
    void dependsOnNoOtherPhotopipeModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.photopipe.ingest..", "dev.photopipe.enrich..",
                        "dev.photopipe.sink..", "dev.photopipe.cli..", "dev.photopipe.schemas..")
                .because("every service serves HTTP through this module; it must not pull any service in")
                .check(main);
    }

    @Test
    void requestChecksLiveInTheGuardOnly() {
        noClasses().that().doNotHaveSimpleName("HttpGuard").and().doNotHaveSimpleName("HttpGuard$Builder")
                .should().accessClassesThat().haveSimpleName("HostPort")
                .because("Host, Origin and token checks are made in one place, HttpGuard")
                .check(main);
    }
}
