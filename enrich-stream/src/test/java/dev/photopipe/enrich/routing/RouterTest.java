package dev.photopipe.enrich.routing;

import static dev.photopipe.enrich.testing.Fixtures.camera;
import static dev.photopipe.enrich.testing.Fixtures.match;
import static dev.photopipe.enrich.testing.Fixtures.photo;
import static dev.photopipe.enrich.testing.Fixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.photopipe.schemas.RoutingRule;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouterTest {
    private final Router router = new Router(RoutingPolicy.defaults());

    private static RuleSet rules(RoutingRule... rules) {
        return RuleSet.of(List.of(rules), (rule, problem) -> {
            throw new AssertionError(rule.getRuleId() + ": " + problem);
        });
    }

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
            "LOT-*, LOT-4711, true",
            "LOT-*, lot-4711, false",
            "LOT-47??, LOT-4711, true",
            "LOT-[0-4]*, LOT-5, false",
            "LOT-[!0-4]*, LOT-5, true",
            "'{LOT,BATCH}-1', BATCH-1, true",
            "'A.B', AxB, false",
            "'A\\*', A*, true",
    })
    void batchGlobs(String glob, String batch, boolean matches) {
        RuleSet set = rules(rule("r", 1, "Hit").setMatch(match().setBatchGlobs(List.of(glob)).build()).build());

        Route route = router.route(set, photo("p").setBatchId(batch).build(), null);

        assertThat(route.ruleId() != null).isEqualTo(matches);
    }

    @Test
    void aPathologicalGlobAgainstALongNameCompletesInsteadOfBacktrackingForHours() {
        // java.util.regex needs about 60^14 steps for this: the stream thread would never come back.
        String pathological = "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c";
        RuleSet set = rules(rule("r", 1, "Hit").setMatch(match().setFileNameGlob(pathological)
                .setBatchGlobs(List.of(pathological)).build()).build());
        String sixtyAs = "a".repeat(60);

        Route route = assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                router.route(set, photo("p").setOriginalFileName(sixtyAs).setBatchId(sixtyAs).build(), null));

        assertThat(route.ruleId()).as("no 'c' at the end: no match, found without backtracking").isNull();
        assertThat(router.route(set, photo("p").setOriginalFileName(sixtyAs + "c").setBatchId(sixtyAs + "c").build(), null)
                .ruleId()).isEqualTo("r");
    }

    @Test
    void lowerPriorityNumberWinsWhateverTheInsertionOrder() {
        RuleSet set = rules(rule("b", 20, "B").build(), rule("a", 10, "A").build());

        assertThat(router.route(set, photo("p").build(), null).albumPath()).containsExactly("A");
    }

    @Test
    void disabledRulesNeverMatch() {
        RuleSet set = rules(rule("off", 1, "Off").setEnabled(false).build(), rule("on", 2, "On").build());

        assertThat(router.route(set, photo("p").build(), null).ruleId()).isEqualTo("on");
    }

    @Test
    void cameraAttributesFillGapsButEventAttributesWin() {
        RuleSet set = rules(rule("r", 1, "{attr.mount}/{attr.lens}").build());

        Route route = router.route(set, photo("p").setAttributes(Map.of("mount", "side")).build(),
                camera("cam-1").setAttributes(Map.of("mount", "top", "lens", "35mm")).build());

        assertThat(route.albumPath()).containsExactly("side", "35mm");
    }

    @Test
    void blankVariableIsMissing() {
        RuleSet set = rules(rule("r", 1, "P/{station}").build());

        assertThatThrownBy(() -> router.route(set, photo("p").setStation("  ").build(), null))
                .isInstanceOfSatisfying(RoutingException.class, e ->
                        assertThat(e.reason()).isEqualTo(RoutingException.Reason.TEMPLATE_VARIABLE_MISSING));
    }

    @Test
    void albumNameThatSanitisesToNothingIsRejected() {
        RuleSet set = rules(rule("r", 1, "P/{attr.x}").build());

        assertThatThrownBy(() -> router.route(set, photo("p").setAttributes(Map.of("x", "\u0001\u0002")).build(), null))
                .isInstanceOfSatisfying(RoutingException.class, e ->
                        assertThat(e.reason()).isEqualTo(RoutingException.Reason.INVALID_ALBUM_PATH));
    }

    @Test
    void noFallbackMeansUnroutable() {
        Router strict = new Router(new RoutingPolicy(List.of(), RoutingPolicy.Unroutable.FALLBACK, ZoneId.of("UTC")));

        assertThatThrownBy(() -> strict.route(RuleSet.empty(), photo("p").build(), null))
                .isInstanceOfSatisfying(RoutingException.class, e ->
                        assertThat(e.reason()).isEqualTo(RoutingException.Reason.UNROUTABLE));
    }

    @Test
    void invalidRulesAreSkippedAndReported() {
        StringBuilder reported = new StringBuilder();
        RuleSet set = RuleSet.of(List.of(rule("bad", 1, "X/{nope}").build(), rule("good", 2, "Y").build()),
                (rule, problem) -> reported.append(rule.getRuleId()).append(": ").append(problem));

        assertThat(set.size()).isEqualTo(1);
        assertThat(reported.toString()).isEqualTo("bad: album path: unknown template variable {nope}");
    }

    @Test
    void longNamesAreCutToPiwigosColumnSize() {
        assertThat(PiwigoNames.albumName("x".repeat(300))).hasSize(PiwigoNames.MAX_LENGTH);
    }
}
