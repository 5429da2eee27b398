package dev.photopipe.enrich.rules;

import dev.photopipe.enrich.reference.FileProblem;
import dev.photopipe.enrich.reference.InvalidFileException;
import dev.photopipe.enrich.reference.LocatedYaml;
import dev.photopipe.enrich.reference.LocatedYaml.Mapping;
import dev.photopipe.enrich.reference.LocatedYaml.Node;
import dev.photopipe.enrich.reference.LocatedYaml.Sequence;
import dev.photopipe.enrich.reference.YamlFields;
import dev.photopipe.enrich.reference.YamlFields.Located;
import dev.photopipe.enrich.routing.ExpiryTerm;
import dev.photopipe.enrich.routing.RuleValidation;
import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.RoutingRule;
import dev.photopipe.schemas.RuleMatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a routing-rules YAML file into {@link RoutingRule} records, rejecting the whole file if
 * anything is wrong and reporting every problem with its line. Format (see
 * {@code examples/rules.yaml}):
 *
 * <pre>
 * rules:
 *   - id: line3-lots            # required, unique; the rules topic key
 *     priority: 10              # required, unique; lower runs first
 *     enabled: true             # default true
 *     match:                    # every given criterion must hold; omitted ones match anything
 *       cameras: [cam-01]       # camera (source) ids
 *       sites: [Plant A]
 *       lines: [Line 3]
 *       stations: [S12]
 *       batches: ["LOT-*"]      # globs
 *       attributes: {shift: night}
 *       file_name: "*.jpg"      # glob, case-insensitive
 *       media_types: [image/*]
 *     album: "Production/{line}/{batch}/{capture_date:yyyy-MM-dd}"   # required
 *     tags: ["lot:{batch}", "orientation:{exif.orientation}"]
 *     title: "{file_name}"
 *     description: "..."
 *     privacy_level: 0          # 0, 1, 2, 4 or 8
 *     expiry: P5Y               # when photos of this rule expire: 2031-12-31 (00:00 in enrich.time.zone),
 *                               # 2031-12-31T18:00:00+01:00, a period after capture (P5Y, P18M, P90D, PT36H)
 *                               # or a template rendering to a date ("{attr.consent_until}", quoted)
 *     expiry_action: archive    # none (default), archive or delete; needs an expiry unless none
 * </pre>
 */
public final class RulesFile {
    private static final Set<String> TOP_KEYS = Set.of("rules");
    private static final Set<String> RULE_KEYS = Set.of("id", "priority", "enabled", "match", "album", "tags",
            "title", "description", "privacy_level", "expiry", "expiry_action");
    private static final Set<String> MATCH_KEYS = Set.of("cameras", "sites", "lines", "stations", "batches",
            "attributes", "file_name", "media_types");
    private static final Set<Integer> PRIVACY_LEVELS = Set.of(0, 1, 2, 4, 8);

    private RulesFile() {
    }

    /**
     * Loads and validates {@code file}.
     *
     * @return the rules by id, in file order
     * @throws InvalidFileException listing every problem, each with file and line
     * @throws IOException          if the file cannot be read
     */
    public static Map<String, RoutingRule> load(Path file) throws IOException, InvalidFileException {
        List<FileProblem> problems = new ArrayList<>();
        YamlFields fields = new YamlFields(file, problems);
        Map<String, RoutingRule> rules = new LinkedHashMap<>();
        Node root = LocatedYaml.parse(file, problems);
        Mapping top = root == null ? null : fields.mapping(root, "the file");
        if (top != null) {
            fields.checkKeys(top, "the file", TOP_KEYS, Set.of("rules"));
            Sequence list = top.entries().containsKey("rules")
                    ? fields.sequence(top.entries().get("rules"), fields.line(top, "rules"), "'rules'") : null;
            Map<String, Integer> idLines = new HashMap<>();
            Map<Integer, Integer> priorityLines = new HashMap<>();
            for (Node item : list == null ? List.<Node>of() : list.items()) {
                Mapping rule = fields.mapping(item, "a rule");
                if (rule == null) {
                    continue;
                }
                RoutingRule parsed = rule(rule, fields);
                if (parsed == null) {
                    continue;
                }
                Integer firstId = idLines.putIfAbsent(parsed.getRuleId(), fields.line(rule, "id"));
                if (firstId != null) {
                    fields.problem(fields.line(rule, "id"), "duplicate rule id '" + parsed.getRuleId()
                            + "' (first on line " + firstId + ")");
                }
                Integer firstPriority = priorityLines.putIfAbsent(parsed.getPriority(), fields.line(rule, "priority"));
                if (firstPriority != null) {
                    fields.problem(fields.line(rule, "priority"), "duplicate priority " + parsed.getPriority()
                            + " (first on line " + firstPriority + "): the order of the two rules would be arbitrary");
                }
                rules.putIfAbsent(parsed.getRuleId(), parsed);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidFileException(problems);
        }
        return rules;
    }

    private static RoutingRule rule(Mapping rule, YamlFields fields) {
        fields.checkKeys(rule, "a rule", RULE_KEYS, Set.of("id", "priority", "album"));
        String id = fields.string(rule, "id");
        Integer priority = fields.integer(rule, "priority", null);
        String album = fields.string(rule, "album");
        if (album != null) {
            report(fields, fields.line(rule, "album"), RuleValidation.albumPath(album), "album");
        }
        List<String> tags = checked(fields, fields.strings(rule, "tags"), RuleValidation::template, "tag");
        String title = template(fields, rule, "title");
        String description = template(fields, rule, "description");
        int privacy = fields.integer(rule, "privacy_level", 0);
        if (!PRIVACY_LEVELS.contains(privacy)) {
            fields.problem(fields.line(rule, "privacy_level"), "privacy_level must be 0, 1, 2, 4 or 8, not " + privacy);
        }
        RuleMatch match = match(rule, fields);
        boolean enabled = fields.bool(rule, "enabled", true);
        String ruleName = id == null || id.isBlank() ? "rule" : "rule '" + id.strip() + "'";
        String expiry = expiry(rule, fields, ruleName);
        ExpiryAction action = expiryAction(rule, fields, ruleName, expiry);
        // Every field is read before giving up on the rule, so that all its problems are reported.
        if (id == null || id.isBlank() || priority == null || album == null) {
            return null;
        }
        return RoutingRule.newBuilder()
                .setRuleId(id.strip())
                .setPriority(priority)
                .setEnabled(enabled)
                .setMatch(match)
                .setAlbumPathTemplate(album)
                .setTagTemplates(tags)
                .setTitleTemplate(title)
                .setDescriptionTemplate(description)
                .setPrivacyLevel(privacy)
                .setExpiry(expiry)
                .setExpiryAction(action)
                .build();
    }

    private static String expiry(Mapping rule, YamlFields fields, String ruleName) {
        if (rule.entries().get("expiry") instanceof Mapping) {
            // YAML reads an unquoted {attr.consent_until} as a mapping, not as text.
            fields.problem(fields.line(rule, "expiry"), ruleName + ": expiry is a YAML mapping: quote a template, "
                    + "e.g. expiry: \"{attr.consent_until}\"");
            return null;
        }
        String expiry = fields.string(rule, "expiry");
        if (expiry == null) {
            return null;
        }
        if (expiry.isBlank()) {
            fields.problem(fields.line(rule, "expiry"), ruleName + ": expiry is empty: give " + ExpiryTerm.FORMS
                    + ", or remove the key for photos that never expire");
            return null;
        }
        RuleValidation.expiry(expiry).ifPresent(problem -> fields.problem(fields.line(rule, "expiry"),
                ruleName + ": " + problem));
        return expiry.strip();
    }

    private static ExpiryAction expiryAction(Mapping rule, YamlFields fields, String ruleName, String expiry) {
        String text = fields.string(rule, "expiry_action");
        if (text == null) {
            return ExpiryAction.NONE;
        }
        ExpiryAction action = switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "none" -> ExpiryAction.NONE;
            case "archive" -> ExpiryAction.ARCHIVE;
            case "delete" -> ExpiryAction.DELETE;
            default -> null;
        };
        if (action == null) {
            fields.problem(fields.line(rule, "expiry_action"), ruleName + ": expiry_action must be none, archive or "
                    + "delete, not '" + text + "'");
            return ExpiryAction.NONE;
        }
        Node given = rule.entries().get("expiry");
        boolean absent = given == null || given instanceof LocatedYaml.Scalar scalar && scalar.text() == null;
        if (action != ExpiryAction.NONE && absent) {
            fields.problem(fields.line(rule, "expiry_action"), ruleName + ": expiry_action " + text.strip()
                    + " needs an expiry: add e.g. expiry: P5Y (or a date, or \"{attr.consent_until}\"), or "
                    + "remove expiry_action");
        }
        return action;
    }

    private static RuleMatch match(Mapping rule, YamlFields fields) {
        RuleMatch.Builder builder = RuleMatch.newBuilder().setCameraIds(List.of()).setSites(List.of())
                .setLines(List.of()).setStations(List.of()).setBatchGlobs(List.of()).setAttributes(Map.of())
                .setFileNameGlob(null).setMediaTypes(List.of());
        if (!rule.entries().containsKey("match")) {
            return builder.build();
        }
        Mapping match = fields.mapping(rule.entries().get("match"), "'match'");
        if (match == null) {
            return builder.build();
        }
        fields.checkKeys(match, "'match'", MATCH_KEYS, Set.of());
        String fileName = fields.string(match, "file_name");
        if (fileName != null) {
            report(fields, fields.line(match, "file_name"), RuleValidation.glob(fileName), "file_name");
        }
        return builder
                .setCameraIds(values(fields.strings(match, "cameras")))
                .setSites(values(fields.strings(match, "sites")))
                .setLines(values(fields.strings(match, "lines")))
                .setStations(values(fields.strings(match, "stations")))
                .setBatchGlobs(checked(fields, fields.strings(match, "batches"), RuleValidation::glob, "batch glob"))
                .setAttributes(fields.stringMap(match, "attributes"))
                .setFileNameGlob(fileName)
                .setMediaTypes(checked(fields, fields.strings(match, "media_types"), RuleValidation::mediaType,
                        "media type"))
                .build();
    }

    private static String template(YamlFields fields, Mapping rule, String key) {
        String text = fields.string(rule, key);
        if (text != null) {
            report(fields, fields.line(rule, key), RuleValidation.template(text), key);
        }
        return text;
    }

    private static List<String> checked(YamlFields fields, List<Located> values,
                                        Function<String, Optional<String>> check, String what) {
        for (Located value : values) {
            report(fields, value.line(), check.apply(value.value()), what);
        }
        return values(values);
    }

    private static void report(YamlFields fields, int line, Optional<String> problem, String what) {
        problem.ifPresent(p -> fields.problem(line, what + ": " + p));
    }

    private static List<String> values(List<Located> values) {
        return values.stream().map(Located::value).toList();
    }
}
