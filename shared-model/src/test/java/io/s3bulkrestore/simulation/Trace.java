package io.s3bulkrestore.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What happened in one run, in order, stamped with the simulated minute: the scenario's choices and every
 * injected fault. The same seed and fault kinds give the same trace, line for line.
 */
final class Trace {

    private final Instant start;
    private final Supplier<Instant> now;
    private final List<String> lines = new ArrayList<>();

    Trace(Instant start, Supplier<Instant> now) {
        this.start = start;
        this.now = now;
    }

    void add(String what) {
        lines.add(String.format("[+%4dm] %s", Duration.between(start, now.get()).toMinutes(), what));
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Lines naming a fault kind (those are what a replay reproduces), in order. */
    long faultCount() {
        return lines.stream().filter(line -> {
            for (FaultKind kind : FaultKind.values()) {
                if (line.contains(kind.name())) {
                    return true;
                }
            }
            return false;
        }).count();
    }

    /** An object's short name for traces and violations: bucket, first and last part of the (long) key, version. */
    static String name(io.s3bulkrestore.model.ObjectId object) {
        String key = object.key();
        int first = key.indexOf('/');
        int last = key.lastIndexOf('/');
        String shortKey = first > 0 && last > first ? key.substring(0, first) + "/…" + key.substring(last) : key;
        return object.bucket() + "/" + shortKey + (object.versionId() == null ? "" : "?versionId=" + object.versionId());
    }

    String render() {
        return String.join("\n", lines);
    }
}
