package io.s3bulkrestore.ports;

/** Makes a bucket's restore events reach this stack, keeping every notification it already has. */
public interface RestoreEventRouting {

    Outcome ensureRouted(String bucket);

    sealed interface Outcome {
        /** Nothing to change: the bucket already delivers restore events to us. */
        record AlreadyRouted() implements Outcome {
        }

        /** We added our delivery to the bucket's configuration, or narrowed the one we had to what we use. */
        record Routed() implements Outcome {
        }

        /** The bucket cannot deliver to us without replacing someone else's configuration. */
        record Conflict(String reason) implements Outcome {
        }
    }
}
