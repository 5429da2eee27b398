package dev.photopipe.enrich.routing;

import static dev.photopipe.enrich.testing.Fixtures.camera;
import static dev.photopipe.enrich.testing.Fixtures.photo;
import static dev.photopipe.enrich.testing.Fixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.RoutingRule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleExpiryTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static RoutingRule withExpiry(String expiry, ExpiryAction action) {
        return rule("consent", 1, "Album").setExpiry(expiry).setExpiryAction(action).build();
    }

    @Test
    void theRouteCarriesTheExpiryAndActionOfTheDecidingRule() {
        Router router = new Router(new RoutingPolicy(List.of("Unsorted"), RoutingPolicy.Unroutable.FALLBACK, BERLIN));
        RuleSet rules = RuleSet.of(List.of(withExpiry("P5Y", ExpiryAction.DELETE)), (rule, problem) -> {
            throw new AssertionError(problem);
        });

        Route route = router.route(rules, photo("p").setCaptureTime(Instant.parse("2026-03-01T12:00:00Z")).build(), null);

        assertThat(route.expiresAt()).isEqualTo(Instant.parse("2031-03-01T12:00:00Z"));
        assertThat(route.expiryAction()).isEqualTo(ExpiryAction.DELETE);
        Route fallback = router.route(RuleSet.empty(), photo("p").build(), null);
        assertThat(fallback.expiresAt()).isNull();
        assertThat(fallback.expiryAction()).isEqualTo(ExpiryAction.NONE);
    }

    @Test
    void aTemplateRendersToADateInTheZoneOrADateTimeAndTheCameraFillsGaps() {
        RuleExpiry expiry = RuleExpiry.of(withExpiry("{attr.consent_until}", ExpiryAction.ARCHIVE));

        assertThat(expiry.expiresAt(photo("p").setAttributes(Map.of("consent_until", " 2030-06-30 ")).build(), null,
                BERLIN)).isEqualTo(Instant.parse("2030-06-29T22:00:00Z"));
        assertThat(expiry.expiresAt(photo("p").setAttributes(Map.of("consent_until", "2030-06-30T12:00:00Z")).build(),
                null, BERLIN)).isEqualTo(Instant.parse("2030-06-30T12:00:00Z"));
        assertThat(expiry.expiresAt(photo("p").build(), camera("cam-1").setAttributes(Map.of("consent_until",
                "2029-01-01")).build(), ZoneId.of("UTC"))).isEqualTo(Instant.parse("2029-01-01T00:00:00Z"));
        assertThat(expiry.action()).isEqualTo(ExpiryAction.ARCHIVE);
        assertThat(RuleExpiry.of(withExpiry("{capture_date:yyyy}-12-31", ExpiryAction.NONE))
                .expiresAt(photo("p").build(), null, ZoneId.of("UTC"))).isEqualTo(Instant.parse("2026-12-31T00:00:00Z"));
    }

    @Test
    void aRenderedValueThatIsNotADateIsInvalidExpiryNamingRuleTemplateValueAndFix() {
        RuleExpiry expiry = RuleExpiry.of(withExpiry("{attr.consent_until}", ExpiryAction.ARCHIVE));

        assertThatThrownBy(() -> expiry.expiresAt(photo("p1").setAttributes(Map.of("consent_until", "soon")).build(),
                null, BERLIN)).isInstanceOfSatisfying(RoutingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RoutingException.Reason.INVALID_EXPIRY);
                    assertThat(e.getMessage()).contains("rule consent", "'{attr.consent_until}'", "'soon'", "p1",
                            "not a date like 2031-12-31", "fix the value");
                });
    }

    @Test
    void aMissingVariableIsTemplateVariableMissingNeverNever() {
        RuleExpiry expiry = RuleExpiry.of(withExpiry("{attr.consent_until}", ExpiryAction.ARCHIVE));

        assertThatThrownBy(() -> expiry.expiresAt(photo("p1").build(), null, BERLIN))
                .isInstanceOfSatisfying(RoutingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RoutingException.Reason.TEMPLATE_VARIABLE_MISSING);
                    assertThat(e.getMessage()).contains("rule consent", "{attr.consent_until}", "p1");
                });
    }

    @Test
    void noExpiryIsNeverAndABadLiteralKeepsTheRuleFromCompiling() {
        assertThat(RuleExpiry.of(rule("r", 1, "A").build()).expiresAt(photo("p").build(), null, BERLIN)).isNull();
        assertThat(RuleSet.problems(withExpiry("soon", ExpiryAction.ARCHIVE)))
                .singleElement().asString().startsWith("expiry: expiry 'soon' is not a date");
    }
}
