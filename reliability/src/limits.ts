/**
 * How long the suite waits for the system to put itself right; past these, what is missing counts
 * as lost. The promise is "within seconds": a killed instance's claimed deliveries come back
 * after a short lease, and writes resume as soon as the database answers again.
 */
export const deliveryWindowMs = 30_000;

/** From the database answering again to the first acknowledged write. */
export const writeRecoveryWindowMs = 15_000;
