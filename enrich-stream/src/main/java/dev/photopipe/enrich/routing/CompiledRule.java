package dev.photopipe.enrich.routing;

import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.RoutingRule;
import dev.photopipe.schemas.RuleMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import com.google.re2j.Pattern;

/** A {@link RoutingRule} with its globs and templates parsed once. Immutable, thread-safe. */
final class CompiledRule {
    private static final Pattern MEDIA_TYPE =
            Pattern.compile("(\\*|[a-z0-9!#$&^_.+-]+)/(\\*|[a-z0-9!#$&^_.+-]+)");
    private final RoutingRule rule;
    private final Set<String> cameraIds;
    private final Set<String> sites;
    private final Set<String> lines;
    private final Set<String> stations;
    private final List<Glob> batchGlobs;
    private final Map<String, String> attributes;
    private final Glob fileNameGlob;
    private final List<String> mediaTypes;
    private final List<Template> albumPath;
    private final List<Template> tags;
    private final Template title;
    private final Template description;
    private final RuleExpiry expiry;

    private CompiledRule(RoutingRule rule, List<String> problems) {
        this.rule = rule;
        RuleMatch match = rule.getMatch();
        this.cameraIds = Set.copyOf(match.getCameraIds());
        this.sites = Set.copyOf(match.getSites());
        this.lines = Set.copyOf(match.getLines());
        this.stations = Set.copyOf(match.getStations());
        this.batchGlobs = collect(match.getBatchGlobs(), g -> Glob.compile(g, false), "batch glob", problems);
        this.attributes = Map.copyOf(match.getAttributes());
        this.fileNameGlob = match.getFileNameGlob() == null ? null
                : one(match.getFileNameGlob(), g -> Glob.compile(g, true), "file name glob", problems);
        this.mediaTypes = match.getMediaTypes().stream().map(t -> t.trim().toLowerCase(Locale.ROOT)).toList();
        mediaTypes.forEach(type -> mediaTypeProblem(type).ifPresent(problems::add));
        this.albumPath = collect(albumSegments(rule.getAlbumPathTemplate(), problems), Template::parse,
                "album path", problems);
        this.tags = collect(rule.getTagTemplates(), Template::parse, "tag", problems);
        this.title = rule.getTitleTemplate() == null ? null
                : one(rule.getTitleTemplate(), Template::parse, "title", problems);
        this.description = rule.getDescriptionTemplate() == null ? null
                : one(rule.getDescriptionTemplate(), Template::parse, "description", problems);
        this.expiry = one(rule.getExpiry(), text -> RuleExpiry.of(rule), "expiry", problems);
    }

    /**
     * Compiles {@code rule}.
     *
     * @throws IllegalArgumentException listing every problem, one per line
     */
    static CompiledRule compile(RoutingRule rule) {
        List<String> problems = new ArrayList<>();
        CompiledRule compiled = new CompiledRule(rule, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return compiled;
    }

    /** Every problem in {@code rule}; empty when it compiles. */
    static List<String> problems(RoutingRule rule) {
        List<String> problems = new ArrayList<>();
        new CompiledRule(rule, problems);
        return problems;
    }

    RoutingRule rule() {
        return rule;
    }

    boolean matches(PhotoCaptured photo, PhotoVariables variables) {
        return (cameraIds.isEmpty() || cameraIds.contains(photo.getSourceId()))
                && oneOf(sites, variables.site())
                && oneOf(lines, variables.line())
                && oneOf(stations, variables.station())
                && (batchGlobs.isEmpty() || batchGlobs.stream().anyMatch(g -> g.matches(variables.batch())))
                && attributes.entrySet().stream().allMatch(e -> e.getValue().equals(variables.attribute(e.getKey())))
                && (fileNameGlob == null || fileNameGlob.matches(photo.getOriginalFileName()))
                && (mediaTypes.isEmpty() || mediaTypeMatches(photo.getMediaType()));
    }

    /**
     * Renders album path, tags, title and description, and computes the expiry.
     *
     * @throws RoutingException if a variable is missing, an album name is empty once sanitised or
     *                          the expiry is not a date
     */
    Route render(PhotoVariables variables) {
        List<String> album = new ArrayList<>(albumPath.size());
        for (Template segment : albumPath) {
            String name = PiwigoNames.albumName(segment.render(variables));
            if (name.isEmpty()) {
                throw new RoutingException(RoutingException.Reason.INVALID_ALBUM_PATH, "rule "
                        + rule.getRuleId() + ": album segment '" + segment + "' is empty for photo "
                        + variables.photoId());
            }
            album.add(name);
        }
        List<String> renderedTags = new ArrayList<>(tags.size());
        for (Template tag : tags) {
            String value = PiwigoNames.tag(tag.render(variables));
            if (!value.isEmpty() && !renderedTags.contains(value)) {
                renderedTags.add(value);
            }
        }
        return new Route(album, renderedTags,
                title == null ? null : title.render(variables),
                description == null ? null : description.render(variables),
                rule.getPrivacyLevel(), rule.getRuleId(), expiry.expiresAt(variables), expiry.action());
    }

    private boolean mediaTypeMatches(String mediaType) {
        if (mediaType == null) {
            return false;
        }
        String type = mediaType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        String major = type.split("/", 2)[0];
        for (String accepted : mediaTypes) {
            if (accepted.equals("*/*") || accepted.equals(type)
                    || accepted.endsWith("/*") && accepted.startsWith(major + "/")) {
                return true;
            }
        }
        return false;
    }

    static Optional<String> mediaTypeProblem(String type) {
        return MEDIA_TYPE.matcher(type.trim().toLowerCase(Locale.ROOT)).matches() ? Optional.empty()
                : Optional.of("media type '" + type + "' is not type/subtype (wildcards: image/*, */*)");
    }

    private static boolean oneOf(Set<String> accepted, String value) {
        return accepted.isEmpty() || value != null && accepted.contains(value);
    }

    /** Splits an album path template on {@code /} outside placeholders (date patterns may hold {@code /}). */
    static List<String> albumSegments(String template, List<String> problems) {
        List<String> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (char c : template.toCharArray()) {
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            }
            if (c == '/' && depth == 0) {
                segments.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        segments.add(current.toString());
        if (segments.stream().anyMatch(String::isBlank)) {
            problems.add("album path '" + template + "' has an empty level");
            return List.of();
        }
        return segments;
    }

    private static <T> List<T> collect(List<String> texts, Function<String, T> parser, String what,
                                       List<String> problems) {
        List<T> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            T parsed = one(text, parser, what, problems);
            if (parsed != null) {
                out.add(parsed);
            }
        }
        return List.copyOf(out);
    }

    private static <T> T one(String text, Function<String, T> parser, String what, List<String> problems) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            problems.add(what + ": " + e.getMessage());
            return null;
        }
    }
}
