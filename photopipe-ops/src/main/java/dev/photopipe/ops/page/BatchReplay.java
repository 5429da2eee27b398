package dev.photopipe.ops.page;

import dev.photopipe.ops.replay.DeadLetterReplayer;
import dev.photopipe.ops.DeadLetterSelection;
import dev.photopipe.ops.replay.ReplayReport;
import dev.photopipe.ops.status.StatusReport;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status page's replay button: replays the pending dead letters of one batch exactly as
 * {@code photopipe replay --batch ID} does (same replayer, same marks), then forgets the cached
 * status so that the page shows the new counts. Thread-safe: replays run one at a time, so two
 * operators clicking the same batch get one re-drive and one "already replayed".
 */
final class BatchReplay {
    private static final Logger LOG = LoggerFactory.getLogger(BatchReplay.class);

    private final DeadLetterReplayer replayer;
    private final CachedStatus status;

    BatchReplay(DeadLetterReplayer replayer, CachedStatus status) {
        this.replayer = replayer;
        this.status = status;
    }

    /**
     * What one replay did, as the page shows it.
     *
     * @param notReplayableWhy letters left alone, counted by why (e.g. ingest letters: fix the file)
     * @param limitHit         the dead-letter scan stopped at its bound: later letters were not considered
     */
    record Result(String batch, long replayed, long alreadyReplayed, long notReplayable, long failed,
                  Map<String, Long> notReplayableWhy, long marksFailed, boolean limitHit, long resolved) {
    }

    /**
     * @param parameters the request's query parameters; {@code batch} is required
     * @throws IllegalArgumentException when {@code batch} is missing or names no selectable batch
     */
    Result replay(Map<String, String> parameters) throws InterruptedException {
        String batch = parameters.get("batch");
        if (batch == null || batch.isBlank()) {
            throw new IllegalArgumentException("No batch given: POST " + StatusPage.REPLAY_PATH
                    + "?batch=<batch id>, e.g. ?batch=LOT-4711 (the batch column of the status page)");
        }
        if (batch.equals(StatusReport.NO_BATCH)) {
            throw new IllegalArgumentException("Letters without a batch cannot be selected by batch: replay them "
                    + "with photopipe replay --reason CODE, --stage STAGE or --from/--to TIME");
        }
        ReplayReport report;
        synchronized (this) {
            report = replayer.replay(new DeadLetterSelection(batch, null, null, Set.of(), null), false, false, 0);
        }
        status.invalidate();
        Result result = new Result(batch, report.count(ReplayReport.Outcome.REPLAYED),
                report.count(ReplayReport.Outcome.ALREADY_REPLAYED), report.count(ReplayReport.Outcome.NOT_REPLAYABLE),
                report.count(ReplayReport.Outcome.FAILED), report.notReplayable(), report.marksFailed(),
                report.limitHit(), report.count(ReplayReport.Outcome.RESOLVED));
        // Actions over HTTP leave no shell history: the log is the record of who-did-what-when.
        LOG.info("Status page replay of batch {}: {} replayed, {} already replayed, {} not replayable, {} failed",
                batch, result.replayed(), result.alreadyReplayed(), result.notReplayable(), result.failed());
        return result;
    }
}
