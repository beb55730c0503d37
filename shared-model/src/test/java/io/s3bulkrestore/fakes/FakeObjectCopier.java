package io.s3bulkrestore.fakes;

import io.s3bulkrestore.copy.CopyOutcome;
import io.s3bulkrestore.copy.CopyRequest;
import io.s3bulkrestore.copy.ObjectCopier;
import io.s3bulkrestore.copy.TimeLeft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A destination store that behaves as the S3 copier does: a destination that holds a copy of the same source
 * version is found, not written again ({@link CopyOutcome.AlreadyCopied}). Outcomes can be scripted per source key
 * (each scripted outcome is answered once, in order, before the copy is made). It keeps the resume token and the
 * time left each call was given, and the tokens abandoned.
 */
public final class FakeObjectCopier implements ObjectCopier {

    private final Map<String, CopyRequest> destinations = new LinkedHashMap<>();
    private final Map<String, Deque<CopyOutcome>> scripted = new HashMap<>();
    private final List<CopyRequest> requests = new ArrayList<>();
    private final List<Optional<String>> resumeTokens = new ArrayList<>();
    private final List<String> abandoned = new ArrayList<>();
    private final List<Long> millisLeft = new ArrayList<>();
    private int writes;

    /** The next copies of {@code sourceKey} answer these outcomes, one each, before one is made. */
    public synchronized FakeObjectCopier answering(String sourceKey, CopyOutcome... outcomes) {
        scripted.computeIfAbsent(sourceKey, k -> new ArrayDeque<>()).addAll(List.of(outcomes));
        return this;
    }

    @Override
    public synchronized CopyOutcome copy(CopyRequest request, Optional<String> resumeToken, TimeLeft timeLeft) {
        requests.add(request);
        resumeTokens.add(resumeToken);
        millisLeft.add(timeLeft.millis());
        Deque<CopyOutcome> next = scripted.get(request.source().key());
        if (next != null && !next.isEmpty()) {
            return next.poll();
        }
        String destination = request.destinationBucket() + "/" + request.destinationKey();
        CopyRequest held = destinations.get(destination);
        if (held != null && held.source().equals(request.source())) {
            return new CopyOutcome.AlreadyCopied(null);
        }
        destinations.put(destination, request);
        writes++;
        return new CopyOutcome.Copied(null, "etag-" + writes, 1);
    }

    @Override
    public synchronized void abandon(CopyRequest request, String resumeToken) {
        abandoned.add(resumeToken);
    }

    /** The resume token of each call, in order. */
    public synchronized List<Optional<String>> resumeTokens() {
        return List.copyOf(resumeTokens);
    }

    /** The time left each call was given, in milliseconds, in order. */
    public synchronized List<Long> millisLeft() {
        return List.copyOf(millisLeft);
    }

    /** The resume tokens of the unfinished copies abandoned, in order. */
    public synchronized List<String> abandoned() {
        return List.copyOf(abandoned);
    }

    /** Copies written, by destination ({@code bucket/key}). */
    public synchronized Map<String, CopyRequest> destinations() {
        return Map.copyOf(destinations);
    }

    /** How many copies were written (not found). */
    public synchronized int writes() {
        return writes;
    }

    public synchronized List<CopyRequest> requests() {
        return List.copyOf(requests);
    }
}
