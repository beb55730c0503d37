package io.s3bulkrestore.sandbox.batch;

import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.ports.ObjectArchiveStates;
import io.s3bulkrestore.restore.ArchiveClass;
import io.s3bulkrestore.restore.ObjectArchiveState;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HeadObject's classes as S3 gives them, for the sandbox's monitor: moto sends no {@code x-amz-archive-status}, so an
 * INTELLIGENT_TIERING object's archive tier is read from the sandbox's tier tag ({@link IntelligentTieringTiers}),
 * as S3 would have sent it in that header. Objects of other classes are as moto answers.
 */
public final class IntelligentTieringArchiveStates implements ObjectArchiveStates {

    private final S3Client s3;
    private final ObjectArchiveStates heads;

    /**
     * @param heads HeadObject against moto (the monitor's own adapter)
     */
    public IntelligentTieringArchiveStates(S3Client s3, ObjectArchiveStates heads) {
        this.s3 = s3;
        this.heads = heads;
    }

    @Override
    public Map<ObjectId, ObjectArchiveState> statesOf(List<ObjectId> objects) {
        Map<ObjectId, ObjectArchiveState> states = new LinkedHashMap<>();
        heads.statesOf(objects).forEach((object, state) -> {
            if ("INTELLIGENT_TIERING".equals(state.storageClass())) {
                String archiveStatus = IntelligentTieringTiers.archiveTierOf(s3, object).map(Enum::name).orElse(null);
                state = new ObjectArchiveState(object, state.storageClass(),
                        ArchiveClass.of(state.storageClass(), archiveStatus), state.size(), state.restore());
            }
            states.put(object, state);
        });
        return states;
    }
}
