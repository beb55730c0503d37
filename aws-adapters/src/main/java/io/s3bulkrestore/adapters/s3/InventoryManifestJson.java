package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.manifest.InventoryManifest;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an S3 Inventory {@code manifest.json} (destinationBucket ARN, fileFormat, fileSchema, files[key,
 * size]) with the SDK's own small JSON parser: the adapters carry no JSON library of their own.
 */
final class InventoryManifestJson {

    private static final String ARN_PREFIX = "arn:aws:s3:::";

    private InventoryManifestJson() {
    }

    /** @throws IllegalArgumentException saying what is missing or malformed */
    static InventoryManifest parse(byte[] json) {
        JsonNode root;
        try {
            root = JsonNode.parser().parse(new ByteArrayInputStream(json));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("it is not valid JSON");
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("it is not a JSON object");
        }
        Map<String, JsonNode> fields = root.asObject();
        String destination = text(fields, "destinationBucket");
        String bucket = destination.startsWith(ARN_PREFIX) ? destination.substring(ARN_PREFIX.length()) : destination;
        JsonNode files = fields.get("files");
        if (files == null || !files.isArray()) {
            throw new IllegalArgumentException("it has no \"files\" array");
        }
        List<InventoryManifest.DataFile> dataFiles = new ArrayList<>();
        for (JsonNode file : files.asArray()) {
            if (!file.isObject()) {
                throw new IllegalArgumentException("an entry of \"files\" is not an object");
            }
            Map<String, JsonNode> entry = file.asObject();
            JsonNode size = entry.get("size");
            long bytes;
            try {
                bytes = size == null ? 0 : size.isNumber() ? Long.parseLong(size.asNumber())
                        : Long.parseLong(size.asString());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("a data file size is not a whole number");
            }
            dataFiles.add(new InventoryManifest.DataFile(text(entry, "key"), bytes));
        }
        return new InventoryManifest(bucket, text(fields, "fileFormat"), text(fields, "fileSchema"), dataFiles);
    }

    /**
     * Writes a {@code manifest.json} that {@link #parse} reads back: destinationBucket as an ARN, fileFormat,
     * fileSchema, and the data files with their sizes.
     */
    static byte[] write(InventoryManifest manifest) {
        StringBuilder json = new StringBuilder(256 + 128 * manifest.files().size());
        json.append("{\"destinationBucket\":").append(quoted(ARN_PREFIX + manifest.destinationBucket()))
                .append(",\"fileFormat\":").append(quoted(manifest.fileFormat()))
                .append(",\"fileSchema\":").append(quoted(manifest.fileSchema()))
                .append(",\"files\":[");
        for (int i = 0; i < manifest.files().size(); i++) {
            InventoryManifest.DataFile file = manifest.files().get(i);
            json.append(i == 0 ? "" : ",").append("{\"key\":").append(quoted(file.key()))
                    .append(",\"size\":").append(file.size()).append('}');
        }
        return json.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A JSON string: quotes, backslashes and control characters escaped (RFC 8259, section 7). */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String text(Map<String, JsonNode> fields, String name) {
        JsonNode value = fields.get(name);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new IllegalArgumentException("it has no \"" + name + "\" text");
        }
        return value.asString();
    }
}
