package dev.photopipe.sink.ledger;

/** The ledger could not be read or written: the sink must not commit past the affected records. */
public final class LedgerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
