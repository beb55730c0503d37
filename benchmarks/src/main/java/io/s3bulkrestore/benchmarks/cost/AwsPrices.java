package io.s3bulkrestore.benchmarks.cost;

/**
 * AWS on-demand list prices, US East (N. Virginia), in dollars, as published when this was written
 * (checked 2026-11; free tiers ignored):
 * <ul>
 *   <li>DynamoDB on-demand (Standard table class), since the price cut of 2024-11-01 that halved it:
 *       $0.625 per million write request units, $0.125 per million read request units
 *       (aws.amazon.com/dynamodb/pricing/on-demand/).</li>
 *   <li>SQS standard queues: $0.40 per million requests, each 64 KB chunk of a payload one request
 *       (aws.amazon.com/sqs/pricing/).</li>
 *   <li>Lambda on arm64 (the template's architecture): $0.20 per million requests, $0.0000133334 per GB-second
 *       (x86: $0.0000166667) (aws.amazon.com/lambda/pricing/).</li>
 *   <li>SNS standard topics: $0.50 per million publishes (aws.amazon.com/sns/pricing/); delivery to SQS is free,
 *       to HTTP/email endpoints extra.</li>
 * </ul>
 * Priced at zero, so absent here:
 * <ul>
 *   <li>S3 restore events: S3 charges nothing for event notifications, and events AWS services publish to
 *       EventBridge's default bus are free (aws.amazon.com/eventbridge/pricing/; see {@link CostModel} for the
 *       page's newer "AWS opt-in data events" class and why the SQS routing mode does not depend on it).</li>
 *   <li>DynamoDB Streams reads by the tally function: "GetRecords API calls invoked by AWS Lambda as part of
 *       DynamoDB triggers" are not charged (aws.amazon.com/dynamodb/pricing/, DynamoDB Streams).</li>
 *   <li>TTL deletions: DynamoDB deletes expired items without consuming write units (Developer Guide, "Using time
 *       to live (TTL) in DynamoDB").</li>
 * </ul>
 */
public record AwsPrices(double perMillionWriteUnits, double perMillionReadUnits, double perMillionSqsRequests,
                        double perMillionLambdaRequests, double perLambdaGbSecond, double perMillionSnsPublishes) {

    public static final String AS_OF = "2026-11 (DynamoDB on-demand as cut on 2024-11-01), us-east-1";

    public static final AwsPrices US_EAST_1 = new AwsPrices(0.625, 0.125, 0.40, 0.20, 0.0000133334, 0.50);
}
