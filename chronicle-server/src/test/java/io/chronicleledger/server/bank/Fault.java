package io.chronicleledger.server.bank;

/**
 * The faults the bank test injects. Each has a lane: faults of one lane follow each other, the two lanes run
 * side by side, so a process may crash while the network is cut. The server processes' faults take longest to
 * heal (a restart), so they have a lane of their own.
 */
enum Fault {
    /** kill -9 of a Ledger API process, started again after the hold. */
    KILL_LEDGER(Lane.PROCESSES),
    /** kill -9 of a read-model processor, started again after the hold. */
    KILL_PROCESSOR(Lane.PROCESSES),
    /** A read-model processor stopped (SIGSTOP) for the hold, then resumed. */
    PAUSE_PROCESSOR(Lane.PROCESSES),
    /** kill -9 of one node of the three-node JetStream cluster, started again after the hold. */
    KILL_NATS_NODE(Lane.INFRASTRUCTURE),
    /** {@code pg_terminate_backend} of every connection of the event store's pools. */
    TERMINATE_STORE_CONNECTIONS(Lane.INFRASTRUCTURE),
    /** {@code pg_terminate_backend} of every connection of the read model's pools. */
    TERMINATE_READ_CONNECTIONS(Lane.INFRASTRUCTURE),
    /** Every byte between the processes and NATS delayed, for the hold. */
    SLOW_NATS_LINK(Lane.INFRASTRUCTURE),
    /** Every connection between the processes and NATS cut, and new ones refused, for the hold. */
    CUT_NATS_LINK(Lane.INFRASTRUCTURE),
    /** A Ledger API process's wall clock stepped back, for the hold, then forward again. */
    STEP_CLOCK_BACK(Lane.INFRASTRUCTURE);

    /** A sequence of faults, one at a time. */
    enum Lane {
        PROCESSES,
        INFRASTRUCTURE
    }

    private final Lane lane;

    Fault(Lane lane) {
        this.lane = lane;
    }

    Lane lane() {
        return lane;
    }
}
