package io.s3bulkrestore.fakes;

import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.CurrentVersions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Current versions as a test sets them; every question is kept, to assert what was asked and how often. */
public final class FakeCurrentVersions implements CurrentVersions {

    private final Map<ObjectId, String> current = new HashMap<>();
    private final List<Set<ObjectId>> questions = new ArrayList<>();

    /** For events that never carry a version id: any question fails the test. */
    public static CurrentVersions neverAsked() {
        return objects -> {
            throw new AssertionError("asked about current versions of " + objects);
        };
    }

    /** Makes {@code version} (an object with a version id) its object's current version. */
    public FakeCurrentVersions current(ObjectId version) {
        current.put(version.withoutVersion(), version.versionId());
        return this;
    }

    /** The object has no current version any more (deleted, or a delete marker on top). */
    public FakeCurrentVersions deleted(ObjectId object) {
        current.remove(object.withoutVersion());
        return this;
    }

    public List<Set<ObjectId>> questions() {
        return List.copyOf(questions);
    }

    @Override
    public synchronized Map<ObjectId, Optional<String>> currentVersions(Set<ObjectId> objects) {
        questions.add(Set.copyOf(objects));
        Map<ObjectId, Optional<String>> answers = new LinkedHashMap<>();
        for (ObjectId object : objects) {
            answers.put(object, Optional.ofNullable(current.get(object)));
        }
        return answers;
    }
}
