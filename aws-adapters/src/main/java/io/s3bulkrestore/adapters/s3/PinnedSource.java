package io.s3bulkrestore.adapters.s3;

import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The source version of a copy as HeadObject describes it, and how copy requests name it.
 *
 * @param versionId the {@code versionId} of the copy requests' {@code CopySource}; null when the version is
 *                  pinned by its ETag alone ({@code x-amz-copy-source-if-match}, on every copy request anyway)
 */
record PinnedSource(HeadObjectResponse head, String versionId) {
}
