package io.s3bulkrestore.cli;

import io.s3bulkrestore.cli.s3.ArchivedObjects.Lookup;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.restore.ArchiveClass;
import io.s3bulkrestore.restore.ObjectArchiveState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static io.s3bulkrestore.cli.InMemoryArchivedObjects.BUCKET;
import static io.s3bulkrestore.cli.InMemoryArchivedObjects.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectWalkerTest {

    private final InMemoryArchivedObjects objects = new InMemoryArchivedObjects();
    private final List<ObjectArchiveState> visited = Collections.synchronizedList(new ArrayList<>());
    private final Map<ObjectId, String> missing = new ConcurrentHashMap<>();

    private record Update(long listed, long done, boolean listingDone) {
    }

    private final List<Update> updates = Collections.synchronizedList(new ArrayList<>());

    private static Target.Prefix prefix(String prefix, Predicate<String> filter) {
        return new Target.Prefix(BUCKET, prefix, filter);
    }

    private void givenObjects(int count) {
        for (int i = 0; i < count; i++) {
            objects.add(object("batch/" + i, "GLACIER", 10));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void shouldNeverVisitMoreObjectsAtOnceThanTheConcurrency() {
        // Given 60 objects, and visits that take a while
        givenObjects(60);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();

        // When three workers visit them
        new ObjectWalker(objects, 3).walk(prefix("batch/", key -> true), state -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            pause();
            visited.add(state);
            running.decrementAndGet();
        }, missing::put, ObjectWalker.Progress.NONE);

        // Then every object was visited, in parallel, by never more than three at once
        assertThat(visited).hasSize(60);
        assertThat(mostAtOnce.get()).isBetween(2, 3);
    }

    @Test
    void shouldKeepTheListingOnlyAFewObjectsAheadOfTheWorkers() {
        // Given 200 objects that list fast and visit slowly
        givenObjects(200);
        AtomicInteger listedSoFar = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger mostAhead = new AtomicInteger();
        Predicate<String> countingListing = key -> {
            mostAhead.accumulateAndGet(listedSoFar.incrementAndGet() - finished.get(), Math::max);
            return true;
        };

        // When two workers visit them
        new ObjectWalker(objects, 2).walk(prefix("batch/", countingListing), state -> {
            pause();
            finished.incrementAndGet();
        }, missing::put, ObjectWalker.Progress.NONE);

        // Then the listing waited: never more than 4 per worker in flight (plus the one being handed over)
        assertThat(finished.get()).isEqualTo(200);
        assertThat(mostAhead.get()).isLessThanOrEqualTo(2 * 4 + 1);
    }

    @Test
    void shouldHeadOnlyTheObjectsWhoseStateTheListingCannotTell() {
        ObjectArchiveState archived = InMemoryArchivedObjects.tiering("t/it", ArchiveClass.INTELLIGENT_TIERING_ARCHIVE_ACCESS, 5);
        objects.add(object("t/g", "GLACIER", 1)).addNeedingHead("t/it", new Lookup.Found(archived))
                .addNeedingHead("t/gone", new Lookup.Missing("no such object"));

        new ObjectWalker(objects, 2).walk(prefix("t/", key -> true), visited::add, missing::put, ObjectWalker.Progress.NONE);

        assertThat(objects.headed).extracting(ObjectId::key).containsExactlyInAnyOrder("t/it", "t/gone");
        assertThat(visited).extracting(s -> s.id().key()).containsExactlyInAnyOrder("t/g", "t/it");
        assertThat(visited).filteredOn(s -> s.id().key().equals("t/it")).singleElement().isEqualTo(archived);
        assertThat(missing).containsExactly(Map.entry(ObjectId.of(BUCKET, "t/gone"), "no such object"));
    }

    @Test
    void shouldReportProgressEndingWithEveryListedObjectDone() {
        givenObjects(25);

        new ObjectWalker(objects, 4).walk(prefix("batch/", key -> true), visited::add, missing::put,
                (listed, done, listingDone) -> updates.add(new Update(listed, done, listingDone)));

        assertThat(updates).last().isEqualTo(new Update(25, 25, true));
        assertThat(updates).filteredOn(update -> !update.listingDone()).hasSizeGreaterThanOrEqualTo(25);
    }

    @Test
    void shouldCountAnUnexpectedErrorAsAnUnreadableObjectAndGoOn() {
        objects.add(object("p/a", "GLACIER", 1), object("p/boom", "GLACIER", 1), object("p/c", "GLACIER", 1));

        new ObjectWalker(objects, 2).walk(prefix("p/", key -> true), state -> {
            if (state.id().key().equals("p/boom")) {
                throw new IllegalStateException("a bug, not S3");
            }
            visited.add(state);
        }, missing::put, ObjectWalker.Progress.NONE);

        assertThat(visited).extracting(s -> s.id().key()).containsExactlyInAnyOrder("p/a", "p/c");
        assertThat(missing).containsExactly(Map.entry(ObjectId.of(BUCKET, "p/boom"), "unexpected error: IllegalStateException"));
    }

    @Test
    void shouldReadOneKeyWithHeadObjectAndSayItIsDone() {
        objects.add(object("k", "DEEP_ARCHIVE", 1));

        new ObjectWalker(objects, 8).walk(new Target.Key(ObjectId.of(BUCKET, "k")), visited::add, missing::put,
                (listed, done, listingDone) -> updates.add(new Update(listed, done, listingDone)));
        new ObjectWalker(objects, 8).walk(new Target.Key(ObjectId.of(BUCKET, "nope")), visited::add, missing::put,
                ObjectWalker.Progress.NONE);

        assertThat(objects.headed).extracting(ObjectId::key).containsExactly("k", "nope");
        assertThat(visited).extracting(s -> s.id().key()).containsExactly("k");
        assertThat(missing).containsExactly(Map.entry(ObjectId.of(BUCKET, "nope"), "no such object"));
        assertThat(updates).containsExactly(new Update(1, 1, true));
    }

    @Test
    void shouldRefuseAConcurrencyBelowOne() {
        assertThatThrownBy(() -> new ObjectWalker(objects, 0)).hasMessage("concurrency must be at least 1");
    }
}
