package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns a DynamoDB failure that has no domain meaning into {@code UPSTREAM_FAILED}. The AWS error text is
 * logged here and kept as the cause, never put in the message a client could see; the request id is,
 * so that a user's report can be matched to the service's logs.
 */
final class DynamoDbFailures {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbFailures.class);

    private DynamoDbFailures() {
    }

    static ServiceException upstream(String operation, SdkException e) {
        String requestId = e instanceof AwsServiceException service && service.requestId() != null
                ? service.requestId()
                : null;
        LOG.warn("DynamoDB {} failed (AWS request id {}): {}", operation, requestId, e.toString());
        String message = requestId == null
                ? "DynamoDB " + operation + " failed (no AWS request id)"
                : "DynamoDB " + operation + " failed (AWS request id " + requestId + ")";
        return new ServiceException(ErrorCode.UPSTREAM_FAILED, message, null, e);
    }
}
