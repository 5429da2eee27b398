package dev.photopipe.sink.ledger;

/** Names of the ledger's meters (documented in the module README). */
public final class LedgerMeters {
    /** Timer: one sample per rebuild of newly assigned partitions. */
    public static final String REBUILD = "photopipe.sink.ledger.rebuild";
    /** Gauge: photos in the in-memory view. */
    public static final String ENTRIES = "photopipe.sink.ledger.entries";

    private LedgerMeters() {
    }
}
