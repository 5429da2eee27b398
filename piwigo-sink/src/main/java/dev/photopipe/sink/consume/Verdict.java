package dev.photopipe.sink.consume;

import dev.photopipe.schemas.deadletter.ReasonCode;

/**
 * What the consumer does with a failed record, decided once by {@link Failures#classify}.
 *
 * @param action what to do
 * @param reason the dead letter's reason code; null unless {@link Action#DEAD_LETTER}
 */
record Verdict(Action action, ReasonCode reason) {
    enum Action {
        /** Dead letter, FAILED ledger entry, commit: the rest keeps flowing. */
        DEAD_LETTER,
        /** Not the record's fault (Piwigo down, work abandoned): leave it uncommitted and retry later. */
        RETRY_LATER,
        /** The sink cannot work at all (bad credentials): stop, dead-letter nothing. */
        STOP
    }

    static final Verdict RETRY_LATER = new Verdict(Action.RETRY_LATER, null);
    static final Verdict STOP = new Verdict(Action.STOP, null);

    static Verdict deadLetter(ReasonCode reason) {
        return new Verdict(Action.DEAD_LETTER, reason);
    }
}
