package dev.photopipe.ingest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.photopipe.ingest.capture.CaptureEvents;
import dev.photopipe.schemas.PhotoCaptured;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Layering of ingest-producer, checked by the build (plain Jupiter tests, see enrich-stream's for why). */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().importPath(Path.of("target", "classes"));
    }

    @Test
    void everyEntryPointBuildsItsEventsThroughCaptureEvents() {
        noClasses().that().doNotBelongToAnyOf(CaptureEvents.class)
                .should().callMethod(PhotoCaptured.class, "newBuilder")
                .orShould().callMethod(PhotoCaptured.class, "newBuilder", PhotoCaptured.class)
                .because("identity comes from the bytes and input is cleaned in one place, whatever the way in")
                .check(main);
    }

    @Test
    void onlyTheFetcherSpeaksHttpAsAClient() {
        noClasses().that().resideOutsideOfPackage("..ingest.fetch..")
                .should().dependOnClassesThat().resideInAPackage("okhttp3..")
                .because("http(s) sources are fetched with its limits (allow-list, timeouts, size), nowhere else")
                .check(main);
    }

    @Test
    void onlyTheCaptureEndpointKnowsJetty() {
        noClasses().that().resideOutsideOfPackage("..ingest.http..")
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.jetty..")
                .because("hot folders, imports and the simulator are not HTTP")
                .check(main);
    }

    @Test
    void photoBytesGoThroughThePhotoStoreInterface() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "dev.photopipe.store.s3..")
                .because("ingest writes through PhotoStore; the AWS SDK is confined to the store's s3 package")
                .check(main);
    }

    @Test
    void servicesDependOnSchemasNotOnEachOther() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.photopipe.enrich..", "dev.photopipe.sink..",
                        "dev.photopipe.cli..")
                .because("service modules depend on schemas, never on each other")
                .check(main);
    }
}
