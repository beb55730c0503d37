package io.s3bulkrestore.api;

import java.util.Base64;
import java.util.List;

import static io.s3bulkrestore.api.ApiTestbed.jobId;

/**
 * The table of requests the API must refuse before anything is written: each with the status, error
 * code and field (null when no field is at fault) the client must get back.
 */
final class MalformedRequests {

    /**
     * @param mentions text the message must contain (the field's name by default)
     */
    record Row(String name, ApiEvents request, int status, String code, String field, String mentions) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static final String VALID = CreateJobHandlerTest.CREATE_BODY;

    private MalformedRequests() {
    }

    private static Row invalid(String name, String body, String field) {
        return new Row(name, ApiEvents.post("/jobs", body), 400, "VALIDATION_FAILED", field, field);
    }

    /** The valid body with one field replaced (raw JSON value) or, with null, removed. */
    private static String with(String field, String jsonValue) {
        String body = VALID;
        String pattern = "\"" + field + "\":(\"[^\"]*\"|-?[0-9.]+)";
        if (body.matches(".*" + pattern + ".*")) {
            body = jsonValue == null
                    ? body.replaceFirst(pattern + ",?", "").replace(",}", "}")
                    : body.replaceFirst(pattern, "\"" + field + "\":" + jsonValue);
        } else if (jsonValue != null) {
            body = body.replaceFirst("\\}$", ",\"" + field + "\":" + jsonValue + "}");
        }
        return body;
    }

    private static Row status(String name, ApiEvents request, int status, String code, String field) {
        return new Row(name, request, status, code, field, field);
    }

    private static byte[] utf8Broken() {
        byte[] head = "{\"bucket\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 4);
        bytes[head.length] = (byte) 0xC3;
        bytes[head.length + 1] = (byte) 0x28;
        bytes[head.length + 2] = '"';
        bytes[head.length + 3] = '}';
        return bytes;
    }

    static List<Row> rows() {
        String minimal = "{\"bucket\":\"my-manifests\",\"key\":\"restores/q3.csv\"";
        return List.of(
                // the body as JSON
                invalid("truncated JSON", "{\"bucket\":", "body"),
                invalid("trailing garbage after the object", VALID + " x", "body"),
                invalid("two objects", VALID + VALID, "body"),
                invalid("array body", "[" + VALID + "]", "body"),
                invalid("string body", "\"restores/q3.csv\"", "body"),
                invalid("JSON null body", "null", "body"),
                invalid("empty body", "", "body"),
                new Row("no body at all", ApiEvents.post("/jobs"), 400, "VALIDATION_FAILED", "body", "body"),
                invalid("whitespace-only body", " \n\t ", "body"),
                invalid("single-quoted JSON", "{'bucket':'my-manifests','key':'restores/q3.csv'}", "body"),
                invalid("comment in JSON", "/* hi */" + VALID, "body"),
                invalid("duplicate key", VALID.replace("{", "{\"bucket\":\"other-manifests\","), "bucket"),
                status("invalid UTF-8 in a base64 body", ApiEvents.post("/jobs").base64Body(
                        utf8Broken()), 400, "VALIDATION_FAILED", "body"),
                // fields
                invalid("missing bucket", with("bucket", null), "bucket"),
                invalid("missing key", with("key", null), "key"),
                invalid("bucket is a number", with("bucket", "42"), "bucket"),
                invalid("key is null", with("key", "null"), "key"),
                invalid("unknown field", with("priority", "\"high\""), "priority"),
                invalid("misspelt optional field", with("expiration_day", "7"), "expiration_day"),
                invalid("bucket with upper case", with("bucket", "\"My-Manifests\""), "bucket"),
                invalid("bucket too short", with("bucket", "\"ab\""), "bucket"),
                invalid("bucket shaped like an IP address", with("bucket", "\"192.168.1.10\""), "bucket"),
                invalid("bucket with an underscore", with("bucket", "\"my_manifests\""), "bucket"),
                invalid("empty key", with("key", "\"\""), "key"),
                invalid("key longer than 1024 bytes", with("key", "\"" + "k".repeat(1025) + "\""), "key"),
                invalid("tier EXPEDITED", with("tier", "\"EXPEDITED\""), "tier"),
                invalid("tier in lower case", with("tier", "\"bulk\""), "tier"),
                invalid("unknown tier", with("tier", "\"FAST\""), "tier"),
                invalid("tier is a number", with("tier", "1"), "tier"),
                invalid("expiration_days 0", with("expiration_days", "0"), "expiration_days"),
                invalid("expiration_days -1", with("expiration_days", "-1"), "expiration_days"),
                invalid("expiration_days 366", with("expiration_days", "366"), "expiration_days"),
                invalid("expiration_days as a string", with("expiration_days", "\"7\""), "expiration_days"),
                invalid("expiration_days 1.5", with("expiration_days", "1.5"), "expiration_days"),
                invalid("expiration_days 1.0 is still a fraction", with("expiration_days", "1.0"), "expiration_days"),
                invalid("expiration_days beyond any integer", with("expiration_days", "99999999999999999999"),
                        "expiration_days"),
                invalid("expiration_days missing for GLACIER", with("expiration_days", null), "expiration_days"),
                invalid("expiration_days with INTELLIGENT_TIERING",
                        minimal + ",\"storage\":\"INTELLIGENT_TIERING\",\"expiration_days\":7}", "expiration_days"),
                invalid("unknown storage", with("storage", "\"DEEP_ARCHIVE\""), "storage"),
                invalid("manifest_format in upper case", with("manifest_format", "\"CSV\""), "manifest_format"),
                invalid("client_tag with markup", with("client_tag", "\"<script>\""), "client_tag"),
                invalid("client_tag is an object", with("client_tag", "{\"a\":1}"), "client_tag"),
                // size and encoding
                status("body over 16 KiB", ApiEvents.post("/jobs", VALID + " ".repeat(16_384)),
                        413, "PAYLOAD_TOO_LARGE", "body"),
                status("base64 body over 16 KiB after decoding", ApiEvents.post("/jobs")
                        .base64OfText(VALID + " ".repeat(16_384)), 413, "PAYLOAD_TOO_LARGE", "body"),
                status("base64 garbage", ApiEvents.post("/jobs").base64Body("%%% not base64 %%%"),
                        400, "VALIDATION_FAILED", "body"),
                status("base64 of something that is not JSON", ApiEvents.post("/jobs")
                        .base64Body(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, (byte) 0xFF})),
                        400, "VALIDATION_FAILED", "body"),
                // Idempotency-Key
                status("Idempotency-Key too long", ApiEvents.post("/jobs", VALID)
                        .header("Idempotency-Key", "k".repeat(129)), 400, "VALIDATION_FAILED", "Idempotency-Key"),
                status("Idempotency-Key with spaces", ApiEvents.post("/jobs", VALID)
                        .header("Idempotency-Key", "my key"), 400, "VALIDATION_FAILED", "Idempotency-Key"),
                status("Idempotency-Key with a slash", ApiEvents.post("/jobs", VALID)
                        .header("idempotency-key", "a/b"), 400, "VALIDATION_FAILED", "Idempotency-Key"),
                status("empty Idempotency-Key", ApiEvents.post("/jobs", VALID)
                        .header("Idempotency-Key", ""), 400, "VALIDATION_FAILED", "Idempotency-Key"),
                status("two different Idempotency-Keys", ApiEvents.post("/jobs", VALID)
                        .header("Idempotency-Key", "a").header("Idempotency-Key", "b"),
                        400, "VALIDATION_FAILED", "Idempotency-Key"),
                // routes
                status("unknown route", ApiEvents.get("/nope"), 404, "NOT_FOUND", null),
                status("too deep under /jobs", ApiEvents.post("/jobs/" + jobId(1) + "/cancel/now"), 404, "NOT_FOUND", null),
                status("root path", ApiEvents.get("/"), 404, "NOT_FOUND", null),
                status("DELETE a job", ApiEvents.request("DELETE", "/jobs/" + jobId(1)), 405, "METHOD_NOT_ALLOWED", null),
                status("PUT /jobs", ApiEvents.request("PUT", "/jobs").body(VALID), 405, "METHOD_NOT_ALLOWED", null),
                status("GET the create alias", ApiEvents.get("/create-job"), 405, "METHOD_NOT_ALLOWED", null),
                status("GET the cancel route", ApiEvents.get("/jobs/" + jobId(1) + "/cancel"), 405,
                        "METHOD_NOT_ALLOWED", null),
                status("POST to a job", ApiEvents.post("/jobs/" + jobId(1), VALID), 405, "METHOD_NOT_ALLOWED", null),
                status("GET an unknown job", ApiEvents.get("/jobs/" + jobId(99)), 404, "NOT_FOUND", "id"),
                status("GET a malformed job id", ApiEvents.get("/jobs/not_a_job!"), 404, "NOT_FOUND", "id"),
                status("GET a job id over 64 characters", ApiEvents.get("/jobs/" + "a".repeat(65)), 404, "NOT_FOUND", "id"),
                status("cancel an unknown job", ApiEvents.post("/jobs/" + jobId(99) + "/cancel"), 404, "NOT_FOUND", "id"),
                // list parameters
                status("limit 0", ApiEvents.get("/jobs").query("limit", "0"), 400, "VALIDATION_FAILED", "limit"),
                status("limit 101", ApiEvents.get("/jobs").query("limit", "101"), 400, "VALIDATION_FAILED", "limit"),
                status("limit not a number", ApiEvents.get("/jobs").query("limit", "ten"), 400, "VALIDATION_FAILED", "limit"),
                status("limit given twice", ApiEvents.get("/jobs").query("limit", "1").query("limit", "2"),
                        400, "VALIDATION_FAILED", "limit"),
                status("unknown status", ApiEvents.get("/jobs").query("status", "Done"), 400, "VALIDATION_FAILED", "status"),
                status("empty status", ApiEvents.get("/jobs").query("status", ""), 400, "VALIDATION_FAILED", "status"),
                status("page token not ours", ApiEvents.get("/jobs").query("page_token", "eyJwayI6IkpPQiMxIn0="),
                        400, "VALIDATION_FAILED", "page_token"),
                status("negative page token", ApiEvents.get("/jobs").query("page_token", "-3"),
                        400, "VALIDATION_FAILED", "page_token"),
                status("unknown query parameter", ApiEvents.get("/jobs").query("sort", "asc"),
                        400, "VALIDATION_FAILED", "sort"),
                // the stack's rules and the manifest
                status("bucket not in the allow-list", ApiEvents.post("/jobs", with("bucket", "\"someone-elses-bucket\"")),
                        403, "BUCKET_NOT_ALLOWED", "bucket"),
                new Row("manifest does not exist", ApiEvents.post("/jobs", with("key", "\"restores/missing.csv\"")),
                        422, "MANIFEST_UNAVAILABLE", "key", "s3://my-manifests/restores/missing.csv"),
                new Row("manifest is empty", ApiEvents.post("/jobs", with("key", "\"" + ApiTestbed.EMPTY_KEY + "\"")),
                        422, "MANIFEST_UNAVAILABLE", null, "is empty"));
    }
}
