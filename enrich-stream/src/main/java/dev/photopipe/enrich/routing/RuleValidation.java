package dev.photopipe.enrich.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks single rule fields the way routing will read them, so that a rules file can be rejected
 * field by field (with line numbers) before it is published. Each method returns the problem, or
 * empty if the value is fine.
 */
public final class RuleValidation {
    private RuleValidation() {
    }

    /** A batch or file-name glob. */
    public static Optional<String> glob(String glob) {
        try {
            Glob.compile(glob, false);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** A tag, title or description template: syntax and known variables. */
    public static Optional<String> template(String template) {
        try {
            Template.parse(template);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** An album path template: no empty level, and every level a valid template. */
    public static Optional<String> albumPath(String template) {
        List<String> problems = new ArrayList<>();
        for (String segment : CompiledRule.albumSegments(template, problems)) {
            template(segment).ifPresent(problems::add);
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /**
     * A rule's expiry: a template (syntax and known variables), else a date, a date-time with
     * offset, a period or a duration.
     */
    public static Optional<String> expiry(String expiry) {
        if (RuleExpiry.isTemplate(expiry)) {
            return template(expiry);
        }
        try {
            ExpiryTerm.parse(expiry);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** A media type or wildcard ({@code image/jpeg}, {@code image/*}, {@code *}{@code /*}). */
    public static Optional<String> mediaType(String mediaType) {
        return CompiledRule.mediaTypeProblem(mediaType);
    }
}
