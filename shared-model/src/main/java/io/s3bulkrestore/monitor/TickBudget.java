package io.s3bulkrestore.monitor;

import java.util.function.LongSupplier;

/**
 * How much more one monitor tick may do. Every job the tick picked gets at least one step of each kind of work
 * (one page of reconciliation, one report part); work that grows with a job's size goes on with more pages and
 * parts while the budget allows, and the round over the active jobs stops early when it does not, each with its
 * progress recorded. So an invocation ends before Lambda's timeout, and the next tick resumes where it stopped.
 * (The ingest and restore-event functions budget their queue messages with
 * {@link io.s3bulkrestore.budget.TimeBudget}; a tick budgets jobs and steps.)
 */
public interface TickBudget {

    /** Whether one more job may be looked at this tick. */
    boolean allowsAnotherJob();

    /** Whether one more page or part of a job's work may start now. */
    boolean allowsAnotherStep();

    /** No clock to watch: every job the tick picked, one step of each kind per job (tests, benchmarks). */
    static TickBudget oneStepPerJob() {
        return new TickBudget() {
            @Override
            public boolean allowsAnotherJob() {
                return true;
            }

            @Override
            public boolean allowsAnotherStep() {
                return false;
            }
        };
    }

    /**
     * While more than {@code reserveMillis} remain of the invocation (Lambda's {@code getRemainingTimeInMillis}).
     * The reserve covers the longest step that may start just before it runs out: one page, one part, or one
     * job's first steps.
     */
    static TickBudget leaving(long reserveMillis, LongSupplier remainingMillis) {
        return new TickBudget() {
            @Override
            public boolean allowsAnotherJob() {
                return remainingMillis.getAsLong() > reserveMillis;
            }

            @Override
            public boolean allowsAnotherStep() {
                return remainingMillis.getAsLong() > reserveMillis;
            }
        };
    }
}
