package dev.photopipe.enrich;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.apache.kafka.streams.processor.api.Processor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Layering rules of enrich-stream, checked by the build. Plain Jupiter tests over an imported
 * class set: under this surefire setup the ArchUnit JUnit 5 engine's {@code @ArchTest} fields are
 * not reported (0 tests, even for a violated rule), which would make the rules silently pass.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        // The module's own output only: scanning the whole classpath for the package costs seconds.
        main = new ClassFileImporter().importPath(Path.of("target", "classes"));
    }

    @Test
    void usesNoHttpClient() {
        noClasses().should().dependOnClassesThat().resideInAPackage("okhttp3..")
                .because("enrich-stream talks to Kafka only; HTTP to Piwigo belongs to the sink")
                .check(main);
    }

    @Test
    void usesNoPiwigoSinkClasses() {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.photopipe.sink..")
                .because("service modules depend on schemas, never on each other")
                .check(main);
    }

    @Test
    void routingIsFreeOfKafka() {
        noClasses().that().resideInAPackage("..enrich.routing..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .because("routing decisions are plain functions of a photo, its camera and the rules")
                .check(main);
    }

    @Test
    void routingMatchesWithALinearTimeEngineOnly() {
        noClasses().that().resideInAPackage("..enrich.routing..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.util.regex.Pattern")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.regex.Matcher")
                .because("rules are data from a topic; java.util.regex backtracks exponentially on globs like "
                        + "*a*a*a*a*a*c and would hang a stream thread: use RE2/J (com.google.re2j)")
                .check(main);
    }

    @Test
    void referenceDataFilesNeedNoStreamsRuntime() {
        noClasses().that().resideInAnyPackage("..enrich.rules..", "..enrich.cameras..", "..enrich.reference..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.streams..")
                .because("the CLI loads rules and cameras with plain clients")
                .check(main);
    }

    @Test
    void processorsStayInsideTheTopologyPackage() {
        classes().that().implement(Processor.class)
                .should().notBePublic().andShould().resideInAPackage("..enrich.topology..")
                .because("the topology is built through EnrichTopology only")
                .check(main);
    }
}
