package dev.photopipe.enrich.routing;

import dev.photopipe.schemas.Camera;
import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.RoutingRule;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A rule's {@code expiry}, parsed once: a literal ({@link ExpiryTerm}) or a template over the
 * photo's variables that renders to a date or a date-time with offset. Enrich fixes each photo's
 * expiry with it when it routes the photo, and {@code photopipe expiry reapply} recomputes it with
 * the same code. Immutable, thread-safe.
 */
public final class RuleExpiry {
    private static final RuleExpiry NEVER = new RuleExpiry(null, null, null, ExpiryAction.NONE);

    private final String ruleId;
    private final ExpiryTerm term;
    private final Template template;
    private final ExpiryAction action;

    private RuleExpiry(String ruleId, ExpiryTerm term, Template template, ExpiryAction action) {
        this.ruleId = ruleId;
        this.term = term;
        this.template = template;
        this.action = action;
    }

    /**
     * Parses {@code rule}'s expiry.
     *
     * @throws IllegalArgumentException if it is neither a literal expiry nor a valid template
     */
    public static RuleExpiry of(RoutingRule rule) {
        ExpiryAction action = rule.getExpiryAction() == null ? ExpiryAction.NONE : rule.getExpiryAction();
        String expiry = rule.getExpiry();
        if (expiry == null || expiry.isBlank()) {
            // No expiry, no action (the rules file rejects an action without an expiry).
            return NEVER;
        }
        if (isTemplate(expiry)) {
            return new RuleExpiry(rule.getRuleId(), null, Template.parse(expiry), action);
        }
        return new RuleExpiry(rule.getRuleId(), ExpiryTerm.parse(expiry), null, action);
    }

    /** Whether {@code expiry} is a template (it has a placeholder) rather than a literal. */
    static boolean isTemplate(String expiry) {
        return expiry.indexOf('{') >= 0 || expiry.indexOf('}') >= 0;
    }

    public ExpiryAction action() {
        return action;
    }

    /**
     * When {@code photo}, routed by this rule, expires.
     *
     * @param camera the photo's camera (its attributes fill gaps), or {@code null}
     * @param zone   the zone a date starts its day in ({@code enrich.time.zone})
     * @return {@code null} when the rule has no expiry
     * @throws RoutingException {@code TEMPLATE_VARIABLE_MISSING} if the template needs a variable the
     *                          photo lacks, {@code INVALID_EXPIRY} if it renders to something that is not a date
     */
    public Instant expiresAt(PhotoCaptured photo, Camera camera, ZoneId zone) {
        return expiresAt(new PhotoVariables(photo, camera, zone));
    }

    Instant expiresAt(PhotoVariables variables) {
        if (term != null) {
            try {
                return term.from(variables.captureTime(), variables.zone());
            } catch (DateTimeException e) {
                throw new RoutingException(RoutingException.Reason.INVALID_EXPIRY, "rule " + ruleId + ": expiry '"
                        + term + "' from the capture time " + variables.captureTime() + " of photo "
                        + variables.photoId() + " is out of range (" + e.getMessage() + "): shorten the rule's expiry");
            }
        }
        if (template == null) {
            return null;
        }
        String value;
        try {
            value = template.render(variables);
        } catch (RoutingException e) {
            throw new RoutingException(e.reason(), "rule " + ruleId + ": expiry: " + e.getMessage());
        }
        try {
            return ExpiryTerm.moment(value, variables.zone());
        } catch (IllegalArgumentException e) {
            throw new RoutingException(RoutingException.Reason.INVALID_EXPIRY, "rule " + ruleId + ": expiry template '"
                    + template + "' gives '" + value + "' for photo " + variables.photoId() + ", which is not a date "
                    + "like 2031-12-31 or a date-time with offset like 2031-12-31T18:00:00+01:00: fix the value at "
                    + "its source (sidecar, capture metadata or camera attributes) or the rule's expiry");
        }
    }

    @Override
    public String toString() {
        return term != null ? term.toString() : template != null ? template.toString() : "never";
    }
}
