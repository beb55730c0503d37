package io.s3bulkrestore.monitor;

/** The results report's CSV (RFC 4180): a header, then one line per object. */
public final class ReportCsv {

    public static final String HEADER = "bucket,key,versionId,outcome,error\n";
    /** The header of a job that copies: three more columns, see {@link ReportRow.CopyColumns}. */
    public static final String HEADER_WITH_COPIES = "bucket,key,versionId,outcome,error,copy_outcome,copy_error,"
            + "destination\n";

    private ReportCsv() {
    }

    public static String header(boolean copies) {
        return copies ? HEADER_WITH_COPIES : HEADER;
    }

    public static String line(ReportRow row) {
        String line = String.join(",", quote(row.object().bucket()), quote(row.object().key()),
                quote(row.object().version().orElse("")), row.outcome(), quote(row.error()));
        if (row.copy().isPresent()) {
            ReportRow.CopyColumns copy = row.copy().get();
            line += "," + String.join(",", quote(copy.outcome()), quote(copy.error()), quote(copy.destination()));
        }
        return line + "\n";
    }

    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
