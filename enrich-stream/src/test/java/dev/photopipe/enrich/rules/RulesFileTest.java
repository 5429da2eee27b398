package dev.photopipe.enrich.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.enrich.reference.FileProblem;
import dev.photopipe.enrich.reference.InvalidFileException;
import dev.photopipe.enrich.routing.Router;
import dev.photopipe.enrich.routing.RoutingPolicy;
import dev.photopipe.enrich.routing.RuleSet;
import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.RoutingRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesFileTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("rules.yaml"), yaml);
    }

    @Test
    void shippedExampleLoadsAndCompiles() throws Exception {
        Map<String, RoutingRule> rules = RulesFile.load(Path.of("../examples/rules.yaml"));

        assertThat(rules).containsKeys("line-lots", "quality-rejects", "calibration");
        RoutingRule lots = rules.get("line-lots");
        assertThat(lots.getPriority()).isEqualTo(10);
        assertThat(lots.getMatch().getBatchGlobs()).containsExactly("LOT-*");
        assertThat(lots.getTagTemplates()).contains("orientation:{exif.orientation}");
        assertThat(rules.get("calibration").getEnabled()).isFalse();
        assertThat(rules.get("people-with-consent").getExpiry()).isEqualTo("{attr.consent_until}");
        assertThat(rules.get("people-with-consent").getExpiryAction()).isEqualTo(ExpiryAction.ARCHIVE);
        assertThat(rules.get("supplier-stock").getExpiry()).isEqualTo("P5Y");
        assertThat(rules.get("supplier-stock").getExpiryAction()).isEqualTo(ExpiryAction.DELETE);
        rules.values().forEach(rule -> assertThat(RuleSet.problems(rule)).as(rule.getRuleId()).isEmpty());
    }

    @Test
    void theShippedExampleRoutesAHotFolderPhotoWithoutSidecar() throws Exception {
        RuleSet rules = RuleSet.of(RulesFile.load(Path.of("../examples/rules.yaml")).values(), (rule, problem) -> {
            throw new AssertionError(rule.getRuleId() + ": " + problem);
        });
        Router router = new Router(RoutingPolicy.defaults());
        // What the hot folder's {site}/{line}/{camera}/** pattern gives without a sidecar: no lot, no station, no EXIF.
        PhotoCaptured plantA = PhotoCaptured.newBuilder().setPhotoId("p").setMd5("m").setSizeBytes(1)
                .setMediaType("image/jpeg").setSourceUri("file:///hot/Plant A/line-1/cam-07/IMG_1.jpg")
                .setOriginalFileName("IMG_1.jpg").setCaptureTime(Instant.parse("2026-11-23T08:00:00Z"))
                .setSourceId("cam-07").setSite("Plant A").setLine("line-1")
                .setIngestTime(Instant.parse("2026-11-23T08:00:02Z")).build();
        PhotoCaptured elsewhere = PhotoCaptured.newBuilder(plantA).setSite(null).setLine(null)
                .setSourceId("unknown-camera").build();

        assertThat(router.route(rules, plantA, null).albumPath())
                .containsExactly("Production", "line-1", "Without lot", "2026-11-23");
        assertThat(router.route(rules, elsewhere, null).albumPath())
                .containsExactly("Unsorted", "unknown-camera", "2026-11-23");
    }

    @Test
    void reportsEveryProblemWithItsLine() throws IOException {
        Path file = write("""
                rules:
                  - id: a
                    priority: 1
                    album: "Production/{line}"
                    colour: red
                  - id: b
                    priority: 1
                    match:
                      batches: ["LOT-[12"]
                      file_name: "*.{jpg"
                      media_types: [image]
                      shelf: 3
                    album: "Production//{batch}"
                    tags: ["lot:{lot}", "date:{capture_date:yyyy-MM-ddd-QQQQQQ}"]
                  - id: a
                    priority: 3
                    album: "{station}"
                    privacy_level: 3
                  - priority: 4
                """);

        assertThatThrownBy(() -> RulesFile.load(file))
                .isInstanceOf(InvalidFileException.class)
                .satisfies(e -> {
                    List<FileProblem> problems = ((InvalidFileException) e).problems();
                    assertThat(problems).allSatisfy(p -> assertThat(p.file()).isEqualTo(file));
                    Map<Integer, List<String>> byLine = problems.stream().collect(Collectors.groupingBy(
                            FileProblem::line, TreeMap::new, Collectors.mapping(FileProblem::message, Collectors.toList())));
                    Object[][] expected = {
                            {5, "unknown key 'colour'"}, {7, "duplicate priority 1 (first on line 3)"},
                            {9, "unclosed '['"}, {10, "unclosed '{'"}, {11, "media type 'image'"},
                            {12, "unknown key 'shelf'"}, {13, "empty level"}, {14, "unknown template variable {lot}"},
                            {14, "bad date pattern"}, {15, "duplicate rule id 'a' (first on line 2)"},
                            {18, "privacy_level must be"}, {19, "needs 'id'"}, {19, "needs 'album'"}};
                    for (Object[] problem : expected) {
                        assertThat(byLine.getOrDefault((Integer) problem[0], List.of()))
                                .as("line %s in %s", problem[0], byLine)
                                .anySatisfy(message -> assertThat(message).contains((String) problem[1]));
                    }
                    assertThat(e.getMessage()).contains(file + ":5: unknown key 'colour'");
                });
    }

    @Test
    void readsExpiryAndActionIntoTheRule() throws Exception {
        Path file = write("""
                rules:
                  - id: consent
                    priority: 1
                    album: "People"
                    expiry: "{attr.consent_until}"
                    expiry_action: archive
                  - id: licence
                    priority: 2
                    album: "Stock"
                    expiry: P5Y
                    expiry_action: DELETE
                  - id: fixed
                    priority: 3
                    album: "Event"
                    expiry: 2031-12-31
                  - id: never
                    priority: 4
                    album: "Other"
                """);

        Map<String, RoutingRule> rules = RulesFile.load(file);

        assertThat(rules.get("consent").getExpiry()).isEqualTo("{attr.consent_until}");
        assertThat(rules.get("consent").getExpiryAction()).isEqualTo(ExpiryAction.ARCHIVE);
        assertThat(rules.get("licence").getExpiry()).isEqualTo("P5Y");
        assertThat(rules.get("licence").getExpiryAction()).isEqualTo(ExpiryAction.DELETE);
        assertThat(rules.get("fixed").getExpiry()).isEqualTo("2031-12-31");
        assertThat(rules.get("fixed").getExpiryAction()).isEqualTo(ExpiryAction.NONE);
        assertThat(rules.get("never").getExpiry()).isNull();
        assertThat(rules.get("never").getExpiryAction()).isEqualTo(ExpiryAction.NONE);
        rules.values().forEach(rule -> assertThat(RuleSet.problems(rule)).as(rule.getRuleId()).isEmpty());
    }

    @Test
    void rejectsExpiriesThatAreNoDateNoPeriodNoTemplateWithRuleLineAndFix() throws IOException {
        Path file = write("""
                rules:
                  - id: vague
                    priority: 1
                    album: "A"
                    expiry: soon
                  - id: typo
                    priority: 2
                    album: "B"
                    expiry: "{attr.consent_until"
                  - id: no-expiry
                    priority: 3
                    album: "C"
                    expiry_action: delete
                  - id: unknown-action
                    priority: 4
                    album: "D"
                    expiry: P1Y
                    expiry_action: shred
                  - id: unquoted
                    priority: 5
                    album: "E"
                    expiry: {attr.consent_until}
                  - id: bad-variable
                    priority: 6
                    album: "F"
                    expiry: "{consent_until}"
                """);

        assertThatThrownBy(() -> RulesFile.load(file)).isInstanceOf(InvalidFileException.class).satisfies(e -> {
            Map<Integer, String> byLine = ((InvalidFileException) e).problems().stream()
                    .collect(Collectors.toMap(FileProblem::line, FileProblem::message, (a, b) -> a + " | " + b));
            assertThat(byLine).containsOnlyKeys(5, 9, 13, 18, 22, 26);
            assertThat(byLine.get(5)).contains("rule 'vague'", "expiry 'soon' is not a date (2031-12-31)", "P5Y",
                    "{attr.consent_until}");
            assertThat(byLine.get(9)).contains("rule 'typo'", "unclosed '{'");
            assertThat(byLine.get(13)).contains("rule 'no-expiry'", "expiry_action delete needs an expiry",
                    "expiry: P5Y", "remove expiry_action");
            assertThat(byLine.get(18)).contains("rule 'unknown-action'", "none, archive or delete, not 'shred'");
            assertThat(byLine.get(22)).contains("rule 'unquoted'", "quote a template");
            assertThat(byLine.get(26)).contains("rule 'bad-variable'", "unknown template variable {consent_until}");
            assertThat(e.getMessage()).contains(file + ":5: rule 'vague'");
        });
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirLine() throws IOException {
        Path file = write("rules:\n  - id: a\n    priority: [1\n");

        assertThatThrownBy(() -> RulesFile.load(file)).isInstanceOf(InvalidFileException.class)
                .satisfies(e -> assertThat(((InvalidFileException) e).problems())
                        .singleElement().satisfies(p -> assertThat(p.message()).startsWith("not valid YAML")));
    }

}
