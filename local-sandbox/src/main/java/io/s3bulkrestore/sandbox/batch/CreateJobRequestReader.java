package io.s3bulkrestore.sandbox.batch;

import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.s3bulkrestore.sandbox.batch.RequestXml.children;
import static io.s3bulkrestore.sandbox.batch.RequestXml.localName;
import static io.s3bulkrestore.sandbox.batch.RequestXml.optional;
import static io.s3bulkrestore.sandbox.batch.RequestXml.optionalText;
import static io.s3bulkrestore.sandbox.batch.RequestXml.required;
import static io.s3bulkrestore.sandbox.batch.RequestXml.requiredText;

/**
 * Reads a CreateJob body ({@code <CreateJobRequest>} in the S3 Control namespace, lists as {@code <member>})
 * with the JDK's DOM parser and validates it as S3 Batch Operations does for the one operation we emulate,
 * S3InitiateRestoreObject. Every refusal names the missing or wrong element. The job's objects come from
 * exactly one of {@code Manifest} and {@code ManifestGenerator} (see {@link ManifestGeneratorReader}).
 */
final class CreateJobRequestReader {

    private static final Set<String> TIERS = Set.of("BULK", "STANDARD");
    private static final Set<String> REPORT_SCOPES = Set.of("AllTasks", "FailedTasksOnly");
    private static final List<String> CSV_FIELDS = List.of("Bucket", "Key");
    private static final List<String> CSV_FIELDS_WITH_VERSION = List.of("Bucket", "Key", "VersionId");

    private CreateJobRequestReader() {
    }

    static JobSpec read(String accountId, byte[] body) {
        Element root = RequestXml.parse(body).getDocumentElement();
        if (!"CreateJobRequest".equals(localName(root))) {
            throw S3ControlError.invalidRequest("the request body must be a CreateJobRequest, found " + localName(root));
        }
        String token = requiredText(root, "ClientRequestToken", "ClientRequestToken");
        if (token.isEmpty() || token.length() > 64) {
            throw S3ControlError.invalidRequest("ClientRequestToken must be 1 to 64 characters long");
        }
        boolean confirmationRequired = RequestXml.optionalBoolean(root, "ConfirmationRequired", "ConfirmationRequired")
                .orElse(false);
        int priority = priorityOf(requiredText(root, "Priority", "Priority"));
        String roleArn = requiredText(root, "RoleArn", "RoleArn");
        if (!roleArn.startsWith("arn:") || !roleArn.contains(":role/")) {
            throw S3ControlError.invalidRequest("RoleArn must be an IAM role ARN, got '" + roleArn + "'");
        }
        String description = optionalText(root, "Description").orElse(null);
        if (description != null && description.length() > 256) {
            throw S3ControlError.invalidRequest("Description must be at most 256 characters long");
        }
        return new JobSpec(accountId, token, confirmationRequired, priority, roleArn, description,
                operationOf(required(root, "Operation", "Operation")),
                sourceOf(root),
                reportOf(required(root, "Report", "Report")),
                tagsOf(root));
    }

    private static int priorityOf(String text) {
        try {
            int priority = Integer.parseInt(text);
            if (priority < 0) {
                throw S3ControlError.invalidRequest("Priority must be 0 or greater, got " + priority);
            }
            return priority;
        } catch (NumberFormatException e) {
            throw S3ControlError.invalidRequest("Priority must be an integer, got '" + text + "'");
        }
    }

    private static JobSpec.RestoreOperation operationOf(Element operation) {
        List<Element> operations = children(operation);
        if (operations.size() != 1) {
            throw S3ControlError.invalidRequest("Operation must name exactly one operation, found " + operations.size());
        }
        Element restore = operations.get(0);
        if (!"S3InitiateRestoreObject".equals(localName(restore))) {
            throw S3ControlError.invalidRequest("this emulator supports only the S3InitiateRestoreObject operation, got "
                    + localName(restore));
        }
        String tier = optionalText(restore, "GlacierJobTier").orElse("BULK");
        if (!TIERS.contains(tier)) {
            throw S3ControlError.invalidRequest("Operation.S3InitiateRestoreObject.GlacierJobTier must be BULK or STANDARD, got '"
                    + tier + "'");
        }
        Integer days = optionalText(restore, "ExpirationInDays").map(text -> {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw S3ControlError.invalidRequest("Operation.S3InitiateRestoreObject.ExpirationInDays must be an integer");
            }
        }).orElse(null);
        if (days != null && days < 1) {
            throw S3ControlError.invalidRequest("Operation.S3InitiateRestoreObject.ExpirationInDays must be 1 or greater");
        }
        return new JobSpec.RestoreOperation(tier, days);
    }

    /**
     * "Jobs must be created with either a manifest file or a ManifestGenerator, but not both" (CreateJob's
     * ManifestGenerator, https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_CreateJob.html).
     */
    private static JobSpec.TaskSource sourceOf(Element root) {
        Optional<Element> manifest = optional(root, "Manifest");
        Optional<Element> generator = optional(root, "ManifestGenerator");
        if (manifest.isPresent() && generator.isPresent()) {
            throw S3ControlError.invalidRequest("a job takes either a Manifest or a ManifestGenerator, not both");
        }
        if (manifest.isPresent()) {
            return manifestOf(manifest.get());
        }
        return generator.map(ManifestGeneratorReader::read)
                .orElseThrow(() -> S3ControlError.invalidRequest("the required element Manifest (or ManifestGenerator)"
                        + " is missing"));
    }

    private static JobSpec.ManifestSpec manifestOf(Element manifest) {
        Element spec = required(manifest, "Spec", "Manifest.Spec");
        String format = requiredText(spec, "Format", "Manifest.Spec.Format");
        List<String> fields = optional(spec, "Fields").map(RequestXml::members).orElse(List.of());
        switch (format) {
            case JobSpec.CSV_FORMAT -> {
                if (!fields.equals(CSV_FIELDS) && !fields.equals(CSV_FIELDS_WITH_VERSION)) {
                    throw S3ControlError.invalidRequest("Manifest.Spec.Fields must be [Bucket, Key] or [Bucket, Key, VersionId]"
                            + " for " + JobSpec.CSV_FORMAT + ", got " + fields);
                }
            }
            case JobSpec.INVENTORY_FORMAT -> {
                if (!fields.isEmpty()) {
                    throw S3ControlError.invalidRequest("Manifest.Spec.Fields must not be given for " + JobSpec.INVENTORY_FORMAT);
                }
            }
            default -> throw S3ControlError.invalidRequest("Manifest.Spec.Format must be " + JobSpec.CSV_FORMAT + " or "
                    + JobSpec.INVENTORY_FORMAT + ", got '" + format + "'");
        }
        Element location = required(manifest, "Location", "Manifest.Location");
        String arn = requiredText(location, "ObjectArn", "Manifest.Location.ObjectArn");
        String etag = requiredText(location, "ETag", "Manifest.Location.ETag");
        String prefix = "arn:aws:s3:::";
        int slash = arn.indexOf('/', prefix.length());
        if (!arn.startsWith(prefix) || slash <= prefix.length() || slash == arn.length() - 1) {
            throw S3ControlError.invalidRequest("Manifest.Location.ObjectArn must be arn:aws:s3:::bucket/key, got '" + arn + "'");
        }
        return new JobSpec.ManifestSpec(format, fields, arn, arn.substring(prefix.length(), slash),
                arn.substring(slash + 1), optionalText(location, "ObjectVersionId").orElse(null), etag);
    }

    private static JobSpec.ReportSpec reportOf(Element report) {
        boolean enabled = RequestXml.requiredBoolean(report, "Enabled", "Report.Enabled");
        String bucket = optionalText(report, "Bucket").orElse(null);
        String format = optionalText(report, "Format").orElse(null);
        String prefix = optionalText(report, "Prefix").orElse(null);
        String scope = optionalText(report, "ReportScope").orElse("AllTasks");
        if (enabled) {
            if (bucket == null) {
                throw S3ControlError.invalidRequest("Report.Bucket is required when the report is enabled");
            }
            if (!bucket.startsWith("arn:aws:s3:::") || bucket.length() == "arn:aws:s3:::".length()) {
                throw S3ControlError.invalidRequest("Report.Bucket must be a bucket ARN, got '" + bucket + "'");
            }
            if (!JobSpec.REPORT_FORMAT.equals(format)) {
                throw S3ControlError.invalidRequest("Report.Format must be " + JobSpec.REPORT_FORMAT + ", got '" + format + "'");
            }
            if (!REPORT_SCOPES.contains(scope)) {
                throw S3ControlError.invalidRequest("Report.ReportScope must be AllTasks or FailedTasksOnly, got '" + scope + "'");
            }
        }
        return new JobSpec.ReportSpec(enabled, bucket, format, prefix, scope);
    }

    private static List<JobSpec.Tag> tagsOf(Element root) {
        List<JobSpec.Tag> tags = new ArrayList<>();
        optional(root, "Tags").ifPresent(list -> {
            for (Element member : children(list)) {
                tags.add(new JobSpec.Tag(requiredText(member, "Key", "Tags.member.Key"),
                        optionalText(member, "Value").orElse("")));
            }
        });
        return List.copyOf(tags);
    }
}
