package io.s3bulkrestore.monitor;

/** The results report's CSV (RFC 4180): a header, then one line per object. */
public final class ReportCsv {

    public static final String HEADER = "bucket,key,versionId,outcome,error\n";

    private ReportCsv() {
    }

    public static String line(ReportRow row) {
        return String.join(",", quote(row.object().bucket()), quote(row.object().key()),
                quote(row.object().version().orElse("")), row.outcome(), quote(row.error())) + "\n";
    }

    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
