package io.s3bulkrestore.sandbox.batch;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a CreateJob body ({@code <CreateJobRequest>} in the S3 Control namespace, lists as {@code <member>})
 * with the JDK's DOM parser and validates it as S3 Batch Operations does for the one operation we emulate,
 * S3InitiateRestoreObject. Every refusal names the missing or wrong element.
 */
final class CreateJobRequestReader {

    private static final Set<String> TIERS = Set.of("BULK", "STANDARD");
    private static final Set<String> REPORT_SCOPES = Set.of("AllTasks", "FailedTasksOnly");
    private static final List<String> CSV_FIELDS = List.of("Bucket", "Key");
    private static final List<String> CSV_FIELDS_WITH_VERSION = List.of("Bucket", "Key", "VersionId");

    private CreateJobRequestReader() {
    }

    static JobSpec read(String accountId, byte[] body) {
        Element root = parse(body).getDocumentElement();
        if (!"CreateJobRequest".equals(localName(root))) {
            throw S3ControlError.invalidRequest("the request body must be a CreateJobRequest, found " + localName(root));
        }
        String token = requiredText(root, "ClientRequestToken");
        if (token.isEmpty() || token.length() > 64) {
            throw S3ControlError.invalidRequest("ClientRequestToken must be 1 to 64 characters long");
        }
        boolean confirmationRequired = Boolean.parseBoolean(optionalText(root, "ConfirmationRequired").orElse("false"));
        int priority = priorityOf(requiredText(root, "Priority"));
        String roleArn = requiredText(root, "RoleArn");
        if (!roleArn.startsWith("arn:") || !roleArn.contains(":role/")) {
            throw S3ControlError.invalidRequest("RoleArn must be an IAM role ARN, got '" + roleArn + "'");
        }
        String description = optionalText(root, "Description").orElse(null);
        if (description != null && description.length() > 256) {
            throw S3ControlError.invalidRequest("Description must be at most 256 characters long");
        }
        return new JobSpec(accountId, token, confirmationRequired, priority, roleArn, description,
                operationOf(required(root, "Operation", "Operation")),
                manifestOf(required(root, "Manifest", "Manifest")),
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

    private static JobSpec.ManifestSpec manifestOf(Element manifest) {
        Element spec = required(manifest, "Spec", "Manifest.Spec");
        String format = requiredText(spec, "Format", "Manifest.Spec.Format");
        List<String> fields = optional(spec, "Fields").map(CreateJobRequestReader::members).orElse(List.of());
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
        boolean enabled = Boolean.parseBoolean(requiredText(report, "Enabled", "Report.Enabled"));
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

    // ---- DOM helpers ----

    private static Document parse(byte[] body) {
        if (body.length == 0) {
            throw S3ControlError.invalidRequest("the request body is empty");
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException e) {
            throw new S3ControlError(400, "MalformedXML", "The XML you provided was not well-formed: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String localName(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static Optional<Element> optional(Element parent, String name) {
        return children(parent).stream().filter(e -> name.equals(localName(e))).findFirst();
    }

    private static Element required(Element parent, String name, String path) {
        return optional(parent, name).orElseThrow(() -> missing(path));
    }

    private static Optional<String> optionalText(Element parent, String name) {
        return optional(parent, name).map(e -> e.getTextContent().trim());
    }

    private static String requiredText(Element parent, String name) {
        return requiredText(parent, name, name);
    }

    private static String requiredText(Element parent, String name, String path) {
        String text = optionalText(parent, name).orElseThrow(() -> missing(path));
        if (text.isEmpty()) {
            throw S3ControlError.invalidRequest("the required element " + path + " is empty");
        }
        return text;
    }

    private static List<String> members(Element list) {
        return children(list).stream().map(e -> e.getTextContent().trim()).toList();
    }

    private static S3ControlError missing(String path) {
        return S3ControlError.invalidRequest("the required element " + path + " is missing");
    }
}
