package dev.photopipe.enrich.routing;

import dev.photopipe.schemas.RoutingRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The enabled rules in evaluation order (priority ascending, then rule id so that an accidental
 * tie is still deterministic). Immutable and thread-safe; rebuild it when rules change.
 */
public final class RuleSet {
    private static final RuleSet EMPTY = new RuleSet(List.of());
    private final List<CompiledRule> rules;

    private RuleSet(List<CompiledRule> rules) {
        this.rules = rules;
    }

    public static RuleSet empty() {
        return EMPTY;
    }

    /**
     * Compiles the enabled rules. A rule that does not compile is skipped and reported to
     * {@code onInvalid} (rule, problems) rather than stopping routing for every other rule: the
     * rules loader rejects such rules before they are published, so this only guards against
     * records written by other tools.
     */
    public static RuleSet of(Collection<RoutingRule> rules, BiConsumer<RoutingRule, String> onInvalid) {
        List<CompiledRule> compiled = new ArrayList<>(rules.size());
        for (RoutingRule rule : rules) {
            if (!rule.getEnabled()) {
                continue;
            }
            try {
                compiled.add(CompiledRule.compile(rule));
            } catch (IllegalArgumentException e) {
                onInvalid.accept(rule, e.getMessage());
            }
        }
        compiled.sort(Comparator.comparingInt((CompiledRule r) -> r.rule().getPriority())
                .thenComparing(r -> r.rule().getRuleId()));
        return new RuleSet(List.copyOf(compiled));
    }

    /** Every problem that would keep {@code rule} from compiling; empty when it is valid. */
    public static List<String> problems(RoutingRule rule) {
        return CompiledRule.problems(rule);
    }

    public int size() {
        return rules.size();
    }

    List<CompiledRule> rules() {
        return rules;
    }
}
