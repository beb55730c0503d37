package io.s3bulkrestore.simulation;

/** The function running a step died: thrown by a wrapped port before or after its delegate call. */
final class SimulatedCrash extends RuntimeException {

    SimulatedCrash(String where) {
        super("simulated crash " + where, null, false, false);
    }
}
