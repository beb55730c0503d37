package io.s3bulkrestore.simulation;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The seeded source of every choice in a run, restricted to the enabled fault kinds, and the switch that
 * makes a wrapped port "kill the function": while a function runs, each write through a wrapped port may,
 * with a small probability, throw {@link SimulatedCrash} before or after reaching its delegate. Once the
 * function died, every further call of that invocation throws too (a dead Lambda does nothing more), until
 * the driver starts the next invocation.
 */
final class FaultPlan {

    /** The function whose code is running, and the fault kind that may kill it. */
    enum Function {
        CREATE(FaultKind.CRASH_CREATE),
        INGEST(FaultKind.CRASH_INGEST),
        CREDITING(FaultKind.CRASH_CREDITING),
        MONITOR(FaultKind.CRASH_MONITOR),
        NONE(null);

        final FaultKind crashKind;

        Function(FaultKind crashKind) {
            this.crashKind = crashKind;
        }
    }

    /** Chance that one write (or publish) kills the function. */
    static final double CRASH_PER_WRITE = 0.03;
    /** At most this many crashes per function per run, so that every run can finish. */
    static final int MAX_CRASHES_PER_FUNCTION = 12;

    private final Random random;
    private final Set<FaultKind> enabled;
    private final Trace trace;
    private final Map<Function, Integer> crashes = new EnumMap<>(Function.class);
    private Function running = Function.NONE;
    private String context = "";
    private boolean dead;

    FaultPlan(long seed, Set<FaultKind> enabled, Trace trace) {
        this.random = new Random(seed);
        this.enabled = enabled.isEmpty() ? EnumSet.noneOf(FaultKind.class) : EnumSet.copyOf(enabled);
        this.trace = trace;
    }

    boolean enabled(FaultKind kind) {
        return enabled.contains(kind);
    }

    /** True with probability {@code p} when the kind is enabled; never otherwise (and then draws nothing). */
    boolean roll(FaultKind kind, double p) {
        return enabled(kind) && random.nextDouble() < p;
    }

    Random random() {
        return random;
    }

    Trace trace() {
        return trace;
    }

    /**
     * Runs one invocation of a function. Returns whether it completed; false when it died (a {@link
     * SimulatedCrash}), after which the caller retries it as Lambda, SQS or the client would.
     */
    boolean invoke(Function function, String what, Runnable body) {
        running = function;
        context = what;
        dead = false;
        try {
            body.run();
            return !dead; // a crash swallowed inside (the monitor logs a job's failure and goes on) still killed it
        } catch (SimulatedCrash crash) {
            return false;
        } finally {
            running = Function.NONE;
            context = "";
            dead = false;
        }
    }

    /** A write (or publish) through a wrapped port: may kill the function before or after the delegate. */
    <T> T write(String step, Supplier<T> call) {
        if (dead) {
            throw new SimulatedCrash("(already dead) at " + step);
        }
        FaultKind kind = running == Function.MONITOR && step.startsWith("report.")
                ? FaultKind.CRASH_MONITOR_REPORT : running.crashKind;
        if (kind != null && crashes.getOrDefault(running, 0) < MAX_CRASHES_PER_FUNCTION
                && roll(kind, CRASH_PER_WRITE)) {
            crashes.merge(running, 1, Integer::sum);
            boolean before = random.nextBoolean();
            trace.add(kind + " " + (before ? "before " : "after ") + step + " [" + context + "]");
            dead = true;
            if (before) {
                throw new SimulatedCrash("before " + step);
            }
            call.get();
            throw new SimulatedCrash("after " + step);
        }
        return call.get();
    }

    void write(String step, Runnable call) {
        write(step, () -> {
            call.run();
            return null;
        });
    }

    /** A read through a wrapped port: reads never crash by themselves, but a dead function reads nothing. */
    <T> T read(String step, Supplier<T> call) {
        if (dead) {
            throw new SimulatedCrash("(already dead) at " + step);
        }
        return call.get();
    }
}
