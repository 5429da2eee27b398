package dev.photopipe.sink.ledger;

/** Names of the ledger's meters (documented in the module README). */
public final class LedgerMeters {
    /** Timer: one sample per load of newly assigned partitions. */
    public static final String REBUILD = "photopipe.sink.ledger.rebuild";
    /**
     * Counter, tag {@code source}: entries of loaded partitions read from the topic
     * ({@code topic}), and found in the local store already ({@code local}, an estimate).
     */
    public static final String LOAD_ENTRIES = "photopipe.sink.ledger.load.entries";
    /** Gauge: photos in the view of the loaded partitions (an estimate for the on-disk view). */
    public static final String ENTRIES = "photopipe.sink.ledger.entries";

    private LedgerMeters() {
    }
}
