package dev.photopipe.expiry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.apache.kafka.streams.processor.api.Processor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Layering rules of expiry-stream, checked by the build. Plain Jupiter tests over an imported
 * class set (see enrich-stream's ArchitectureTest for why not {@code @ArchTest} fields).
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().importPath(Path.of("target", "classes"));
    }

    @Test
    void usesNoHttpClient() {
        noClasses().should().dependOnClassesThat().resideInAPackage("okhttp3..")
                .because("HTTP to Piwigo goes through the sink's client, the one place speaking it")
                .check(main);
    }

    @Test
    void onlyThePiwigoAdapterAndTheWiringUseTheSinksClient() {
        noClasses().that().resideOutsideOfPackages("..expiry.piwigo..").and().doNotHaveSimpleName("ExpiryService")
                .and().doNotHaveSimpleName("ExpiryConfig")
                .should().dependOnClassesThat().resideInAPackage("dev.photopipe.sink..")
                .because("the expiry service depends on the sink's Piwigo client on purpose (one place speaks to "
                        + "Piwigo), through the Gallery seam only: the topology stays testable without HTTP")
                .check(main);
    }

    @Test
    void theGallerySeamIsFreeOfKafka() {
        noClasses().that().resideInAPackage("..expiry.gallery..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .because("acting on the gallery is a plain function of one expiry")
                .check(main);
    }

    @Test
    void theDryRunNeedsNoStreamsRuntime() {
        noClasses().that().resideInAPackage("..expiry.plan..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.streams..")
                .because("`photopipe expiry run --dry-run` reads the topics with a plain consumer")
                .check(main);
    }

    @Test
    void processorsStayInsideTheTopologyPackage() {
        classes().that().implement(Processor.class)
                .should().notBePublic().andShould().resideInAPackage("..expiry.topology..")
                .because("the topology is built through ExpiryTopology only")
                .check(main);
    }
}
