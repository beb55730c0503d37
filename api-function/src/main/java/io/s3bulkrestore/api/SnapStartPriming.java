package io.s3bulkrestore.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * ApiFunction runs with SnapStart: Lambda initialises it when a version is published, runs the CRaC
 * {@code beforeCheckpoint} hooks and snapshots the result. This hook sends the handler two requests that only
 * read, so the snapshot already holds what a first request loads and links (routing, Jackson both ways, the
 * error mapping, the SDK's request pipeline, signing, the HTTP client, the JSON and REST-XML protocols):
 * <ul>
 *   <li>{@code GET /jobs/{random id}}: a DynamoDB GetItem that finds nothing (404);</li>
 *   <li>{@code POST /jobs} for a manifest that does not exist in an allowed bucket, without an Idempotency-Key:
 *       an S3 HeadObject that finds nothing (422). CreateJob writes nothing before the manifest is found.</li>
 * </ul>
 * Neither writes anything, so priming can never create a job or change one. Nothing unique is made here:
 * job ids are drawn per request, and the SDK opens connections again after a restore.
 */
final class SnapStartPriming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);
    /** Under this prefix no manifest is ever expected; the random name makes a hit impossible in practice. */
    static final String MISSING_MANIFEST_PREFIX = "s3-bulk-restore-priming/";

    private final CreateJobHandler handler;
    private final String allowedBucket;

    SnapStartPriming(CreateJobHandler handler, String allowedBucket) {
        this.handler = handler;
        this.allowedBucket = allowedBucket;
    }

    /**
     * Registers the hook with the JVM's checkpoint context; without SnapStart (or outside Lambda) it never runs.
     * CRaC holds resources weakly: the caller keeps the returned priming.
     */
    static SnapStartPriming register(CreateJobHandler handler, String allowedBucket) {
        var priming = new SnapStartPriming(handler, allowedBucket);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    /** Sends the priming requests; returns their status codes. */
    List<Integer> prime() {
        String jobId = UUID.randomUUID().toString();
        var get = new APIGatewayProxyRequestEvent()
                .withHttpMethod("GET")
                .withPath("/jobs/" + jobId)
                .withResource("/jobs/{id}")
                .withPathParameters(Map.of("id", jobId));
        var create = new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withPath("/jobs")
                .withResource("/jobs")
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody("{\"bucket\":\"" + allowedBucket + "\",\"key\":\"" + MISSING_MANIFEST_PREFIX
                        + UUID.randomUUID() + ".csv\",\"tier\":\"BULK\",\"expiration_days\":1,"
                        + "\"manifest_format\":\"csv\"}");
        return List.of(handler.handleRequest(get, null).getStatusCode(),
                handler.handleRequest(create, null).getStatusCode());
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        List<Integer> statuses = prime();
        LOG.info("primed for the SnapStart snapshot: GET /jobs/{id} -> {}, POST /jobs -> {}", statuses.get(0),
                statuses.get(1));
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: clients resolve credentials and open connections on demand.
    }
}
