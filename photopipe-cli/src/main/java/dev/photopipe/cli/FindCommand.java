package dev.photopipe.cli;

import dev.photopipe.ops.find.FindOutput;
import dev.photopipe.ops.views.query.FindQuery;
import dev.photopipe.ops.views.query.FoundPhotos;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code photopipe find}: every photo of a lot (or by photo id, file name, tag, camera, time range)
 * with where it is now, read from a running photopipe's views. Thin: flags in, the views answer,
 * {@link FindOutput} prints.
 */
@Command(name = "find", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Finds photos by batch (lot), photo id, file name, tag, camera or capture time, and shows each "
                + "one's journey: capture, album and tags routed, Piwigo image and album (with links), or why it failed.",
            "Criteria combine with AND. Reads the views a running photopipe keeps (views.url)."})
final class FindCommand extends OpsCommand {
    @Option(names = {"--batch", "--lot"}, paramLabel = "ID", description = "Photos of this batch (lot), e.g. LOT-4711.")
    String batch;

    @Option(names = "--photo", paramLabel = "ID", description = "This photo id, or its first 8 or more hex digits.")
    String photo;

    @Option(names = "--file", paramLabel = "NAME", description = "Photos with this file name (any case), e.g. IMG_0001.JPG.")
    String file;

    @Option(names = "--tag", paramLabel = "TAG", description = "Photos routed with this tag (any case), e.g. lot:4711.")
    String tag;

    @Option(names = "--camera", paramLabel = "ID", description = "Photos of this camera (source id).")
    String camera;

    @Option(names = "--from", paramLabel = "TIME", description = "Captured at or after TIME (ISO instant or date, UTC).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Captured before TIME.")
    String to;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + FindQuery.DEFAULT_LIMIT,
            description = "List at most N photos, oldest first (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the answer as JSON (field names are a contract for scripts).")
    boolean json;

    @Option(names = "--csv", description = "Print one CSV row per photo, with a header.")
    boolean csv;

    FindCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        if (json && csv) {
            return usage(List.of("--json and --csv exclude each other: give one"));
        }
        Map<String, String> criteria = new LinkedHashMap<>();
        put(criteria, FindQuery.BATCH, batch);
        put(criteria, FindQuery.PHOTO, photo);
        put(criteria, FindQuery.FILE, file);
        put(criteria, FindQuery.TAG, tag);
        put(criteria, FindQuery.CAMERA, camera);
        put(criteria, FindQuery.FROM, from);
        put(criteria, FindQuery.TO, to);
        criteria.put(FindQuery.LIMIT, Integer.toString(limit));
        FindQuery query;
        try {
            query = FindQuery.parse(criteria, true);
        } catch (FindQuery.InvalidQueryException e) {
            return usage(List.of(e.getMessage()));
        }
        FoundPhotos found = views().find(query);
        out().print(json ? FindOutput.json(found) : csv ? FindOutput.csv(found) : FindOutput.table(found));
        out().flush();
        return found.unreachable().isEmpty() ? ExitCodes.OK : ExitCodes.KAFKA;
    }

    private static void put(Map<String, String> criteria, String name, String value) {
        if (value != null) {
            criteria.put(name, value);
        }
    }
}
