package io.s3bulkrestore.sandbox.demo;

import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.sandbox.batch.IntelligentTieringTiers;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.StorageClass;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The demo's data set: archived objects in two buckets (one of them versioned) with keys that need care
 * (spaces, {@code +}, unicode, deep prefixes), a share of objects that were never archived (their restore
 * task fails with 403 InvalidObjectState, as in S3), and the CSV manifest listing them all.
 */
public final class DemoObjects {

    public static final String ARCHIVE_BUCKET = "demo-archive";
    public static final String VERSIONED_BUCKET = "demo-versioned";
    public static final String MANIFEST_BUCKET = "demo-manifests";
    /** Where {@code demo --copy} copies the restored objects. */
    public static final String COPY_BUCKET = "demo-copies";
    public static final List<String> BUCKETS = List.of(ARCHIVE_BUCKET, VERSIONED_BUCKET, MANIFEST_BUCKET, COPY_BUCKET);

    private static final String[] NAMES = {"report %d.csv", "a+b/c %d.parquet", "données/élève-%d.json",
            "日本/ファイル_%d.txt", "deep/a/b/c/d/object-%d.bin", "100%% done/%d", "tilde~and=equals %d"};

    /** The manifest written and what the job should end with. */
    public record Manifest(String bucket, String key, int objects, int notArchived) {
    }

    /** Which object is which: i-th object's bucket, key and storage class. */
    public record Spec(String bucket, String key, StorageClass storageClass) {
    }

    /**
     * Plans {@code count} objects: every {@code 1/failureShare}-th is left in STANDARD (its task fails; the job skips it as not archived),
     * the others alternate GLACIER and DEEP_ARCHIVE; a third go to the versioned bucket. Keys start with
     * {@code run/}, so runs never share objects.
     */
    public static List<Spec> plan(String run, int count, double failureShare) {
        int failing = (int) Math.round(count * failureShare);
        List<Spec> specs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String bucket = i % 3 == 2 ? VERSIONED_BUCKET : ARCHIVE_BUCKET;
            String key = run + "/" + String.format(NAMES[i % NAMES.length], i);
            // Spread the failing ones evenly through the manifest: index i fails when the running share steps up.
            boolean fails = (long) (i + 1) * failing / count > (long) i * failing / count;
            StorageClass storage = fails ? StorageClass.STANDARD
                    : i % 2 == 0 ? StorageClass.GLACIER : StorageClass.DEEP_ARCHIVE;
            specs.add(new Spec(bucket, key, storage));
        }
        return specs;
    }

    /**
     * Creates the objects of {@link #plan} (8 at a time) and their manifest {@code manifests/<run>.csv} in
     * {@link #MANIFEST_BUCKET}; the buckets must exist (the sandbox creates its allowed buckets).
     */
    public static Manifest create(AwsClients clients, String run, int count, double failureShare)
            throws InterruptedException {
        String manifestKey = "manifests/" + run + ".csv";
        var s3 = clients.s3();
        s3.putBucketVersioning(b -> b.bucket(VERSIONED_BUCKET)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        List<Spec> specs = plan(run, count, failureShare);
        put(clients, specs);
        StringBuilder csv = new StringBuilder();
        for (Spec spec : specs) {
            csv.append(spec.bucket()).append(',').append(encodeForManifest(spec.key())).append('\n');
        }
        s3.putObject(b -> b.bucket(MANIFEST_BUCKET).key(manifestKey).contentType("text/csv"),
                RequestBody.fromString(csv.toString(), StandardCharsets.UTF_8));
        int notArchived = (int) specs.stream().filter(spec -> spec.storageClass() == StorageClass.STANDARD).count();
        return new Manifest(MANIFEST_BUCKET, manifestKey, count, notArchived);
    }

    /**
     * The objects of a prefix demo: all in {@link #ARCHIVE_BUCKET} under {@code prefix}.
     *
     * @param selected    objects a source over every archive class selects (Glacier, Deep Archive, Intelligent-Tiering)
     * @param notArchived of those, Intelligent-Tiering objects in a frequent tier: their restore is answered
     *                    ObjectAlreadyInActiveTierError and they are counted as not archived
     * @param standard    STANDARD objects under the prefix, which the source's storage classes leave out
     */
    public record PrefixSet(String bucket, String prefix, int selected, int notArchived, int standard) {
    }

    /**
     * Plans {@code count} objects under one prefix of mixed classes: in turn GLACIER, DEEP_ARCHIVE, and
     * INTELLIGENT_TIERING (every other one of those in an archive tier, see {@link #inArchiveTier}); every 20th is
     * STANDARD instead.
     */
    public static List<Spec> planPrefix(String prefix, int count) {
        List<Spec> specs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String key = prefix + String.format(NAMES[i % NAMES.length], i);
            StorageClass storage = i % 20 == 19 ? StorageClass.STANDARD : switch (i % 3) {
                case 0 -> StorageClass.GLACIER;
                case 1 -> StorageClass.DEEP_ARCHIVE;
                default -> StorageClass.INTELLIGENT_TIERING;
            };
            specs.add(new Spec(ARCHIVE_BUCKET, key, storage));
        }
        return specs;
    }

    /** Whether the i-th object of a prefix demo, if Intelligent-Tiering, is in an archive access tier. */
    static boolean inArchiveTier(int i) {
        return i % 6 == 2;
    }

    /**
     * Creates the objects of {@link #planPrefix} (8 at a time), the Intelligent-Tiering ones of
     * {@link #inArchiveTier} in the Archive Access tier (the sandbox's tier tag, {@link IntelligentTieringTiers}).
     */
    public static PrefixSet createPrefix(AwsClients clients, String run, int count) throws InterruptedException {
        String prefix = run + "/";
        List<Spec> specs = planPrefix(prefix, count);
        put(clients, specs);
        int frequent = 0;
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).storageClass() == StorageClass.INTELLIGENT_TIERING) {
                if (inArchiveTier(i)) {
                    IntelligentTieringTiers.putInArchiveTier(clients.s3(), ARCHIVE_BUCKET, specs.get(i).key(),
                            IntelligentTieringTiers.AccessTier.ARCHIVE_ACCESS);
                } else {
                    frequent++;
                }
            }
        }
        int standard = (int) specs.stream().filter(spec -> spec.storageClass() == StorageClass.STANDARD).count();
        return new PrefixSet(ARCHIVE_BUCKET, prefix, count - standard, frequent, standard);
    }

    private static void put(AwsClients clients, List<Spec> specs) throws InterruptedException {
        var s3 = clients.s3();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>(specs.size());
            for (Spec spec : specs) {
                puts.add(pool.submit(() -> s3.putObject(b -> b.bucket(spec.bucket()).key(spec.key())
                        .storageClass(spec.storageClass()), RequestBody.fromString("restored " + spec.key()))));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create the demo objects in moto", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A key as a Batch Operations CSV manifest carries it: URL-encoded (RFC 3986; {@code /} kept). */
    static String encodeForManifest(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }
}
