package io.s3bulkrestore.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The objects a source job restores: those of one bucket that pass every filter given, as Batch Operations'
 * manifest generator selects them ({@code JobManifestGeneratorFilter}). Current versions only: the generator
 * lists no other.
 *
 * @param prefix               key starts with it ({@code KeyNameConstraint.MatchAnyPrefix}, one string, as AWS allows)
 * @param suffix               key ends with it ({@code MatchAnySuffix})
 * @param substring            key contains it ({@code MatchAnySubstring})
 * @param createdAfter         object created after this instant ({@code CreatedAfter})
 * @param createdBefore        object created before this instant ({@code CreatedBefore})
 * @param sizeGreaterThanBytes object larger than this ({@code ObjectSizeGreaterThanBytes})
 * @param sizeLessThanBytes    object smaller than this ({@code ObjectSizeLessThanBytes})
 * @param storageClasses       the archive classes to restore, each its own Batch Operations job, in this order
 */
public record RestoreSource(
        String bucket,
        String prefix,
        String suffix,
        String substring,
        Instant createdAfter,
        Instant createdBefore,
        Long sizeGreaterThanBytes,
        Long sizeLessThanBytes,
        List<SourceStorageClass> storageClasses) {

    public RestoreSource {
        Objects.requireNonNull(bucket, "bucket");
        storageClasses = List.copyOf(storageClasses);
        if (storageClasses.isEmpty()) {
            throw new IllegalArgumentException("a source names at least one storage class");
        }
    }

    /** Whether any of its classes restores for a number of days (so the job needs expiration days). */
    public boolean hasGlacierClasses() {
        return storageClasses.stream().anyMatch(SourceStorageClass::takesExpirationDays);
    }

    /** s3://bucket/prefix, for people. */
    public String uri() {
        return "s3://" + bucket + "/" + (prefix == null ? "" : prefix);
    }

    /** Every field, one per line, for the request's fingerprint. */
    String canonical() {
        return String.join("|", bucket, String.valueOf(prefix), String.valueOf(suffix), String.valueOf(substring),
                String.valueOf(createdAfter), String.valueOf(createdBefore), String.valueOf(sizeGreaterThanBytes),
                String.valueOf(sizeLessThanBytes), storageClasses.toString());
    }
}
