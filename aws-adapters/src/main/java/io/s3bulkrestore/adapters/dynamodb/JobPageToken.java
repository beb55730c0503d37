package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ServiceException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The opaque page token of the job list: where the previous page ended, in one of the two job indexes.
 *
 * <p>Clients see base64url (no padding) of {@code 1|<scope>|<createdKey>}: a format version, the index
 * partition the token belongs to ({@code JOBS} for all jobs, else the status name of the filter) and the
 * index sort key of the last job returned. That is enough to rebuild DynamoDB's ExclusiveStartKey
 * (table key + index key), and small. Anything else, or a token of another filter, is the client's
 * error: {@code VALIDATION_FAILED} on {@code page_token}, never a server error.
 */
final class JobPageToken {

    static final String FIELD = "page_token";
    private static final String VERSION = "1";
    private static final String SEPARATOR = "|";
    /** A real token is well under 150 characters; anything much longer is not one of ours. */
    private static final int MAX_LENGTH = 512;

    private JobPageToken() {
    }

    /**
     * @param scope      {@link JobItem#LIST_PK_VALUE} or a status name: the partition of the index queried
     * @param createdKey the index sort key of the last job on the page
     */
    static String encode(String scope, String createdKey) {
        String plain = VERSION + SEPARATOR + scope + SEPARATOR + createdKey;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The ExclusiveStartKey a token stands for.
     *
     * @param scope          the partition of the index about to be queried; the token must belong to it
     * @param partitionName  the index's partition key attribute ({@link TableDesign#LIST_PK} or {@link TableDesign#STATUS})
     */
    static Map<String, AttributeValue> decode(String token, String scope, String partitionName) {
        if (token.isEmpty() || token.length() > MAX_LENGTH) {
            throw malformed();
        }
        String plain;
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(token);
            plain = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw malformed();
        }
        String[] parts = plain.split("\\" + SEPARATOR, -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw malformed();
        }
        if (!scope.equals(parts[1])) {
            throw ServiceException.invalid(FIELD, "page_token belongs to a different status filter; "
                    + "repeat the request that returned it, or start again without page_token");
        }
        String createdKey = parts[2];
        int hash = createdKey.indexOf('#');
        if (hash < 0 || hash != createdKey.lastIndexOf('#')) {
            throw malformed();
        }
        String instant = createdKey.substring(0, hash);
        String id = createdKey.substring(hash + 1);
        if (!JobItem.isInstant(instant) || !JobId.isWellFormed(id)) {
            throw malformed();
        }
        return JobItem.indexPosition(partitionName, scope, new JobId(id), createdKey);
    }

    private static ServiceException malformed() {
        return ServiceException.invalid(FIELD, "page_token is not a token this API returned; "
                + "use the nextPageToken of the previous page unchanged, or leave it out");
    }
}
