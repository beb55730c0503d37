package io.s3bulkrestore.benchmarks.coldstart;

/**
 * Checks that a cold start really handled its request: a timing of a failed request would measure an error
 * path, not the function.
 */
final class HandledRequest {

    private HandledRequest() {
    }

    static void check(ColdStartFunction function, String marker) {
        String result = marker.substring(marker.indexOf(" result=") + " result=".length());
        boolean handled = switch (function) {
            // A new job: 201 Created.
            case API -> result.contains("\"statusCode\":201");
            // No message reported as failed.
            case INGEST, RESTORE_EVENT -> result.contains("\"batchItemFailures\":[]");
            // The monitor returns nothing; an exception would have ended the JVM before the marker.
            case MONITOR -> result.equals("null");
        };
        if (!handled) {
            throw new IllegalStateException(function.logicalId() + " did not handle its request: " + result);
        }
    }
}
