package io.s3bulkrestore.benchmarks.cost;

/**
 * What tracking a number of restored objects uses, in the units AWS bills.
 *
 * @param writeUnits        DynamoDB write request units
 * @param readUnits         DynamoDB read request units
 * @param sqsRequests       SQS requests (send, receive, delete)
 * @param lambdaInvocations Lambda requests
 * @param lambdaGbSeconds   Lambda duration times memory
 * @param snsPublishes      SNS publishes
 */
public record Usage(double writeUnits, double readUnits, double sqsRequests, double lambdaInvocations,
                    double lambdaGbSeconds, double snsPublishes) {

    public static final Usage NONE = new Usage(0, 0, 0, 0, 0, 0);

    public Usage plus(Usage other) {
        return new Usage(writeUnits + other.writeUnits, readUnits + other.readUnits, sqsRequests + other.sqsRequests,
                lambdaInvocations + other.lambdaInvocations, lambdaGbSeconds + other.lambdaGbSeconds,
                snsPublishes + other.snsPublishes);
    }

    public Usage times(double factor) {
        return new Usage(writeUnits * factor, readUnits * factor, sqsRequests * factor, lambdaInvocations * factor,
                lambdaGbSeconds * factor, snsPublishes * factor);
    }

    public double dynamoDbDollars(AwsPrices prices) {
        return (writeUnits * prices.perMillionWriteUnits() + readUnits * prices.perMillionReadUnits()) / 1e6;
    }

    public double sqsDollars(AwsPrices prices) {
        return sqsRequests * prices.perMillionSqsRequests() / 1e6;
    }

    public double lambdaDollars(AwsPrices prices) {
        return lambdaInvocations * prices.perMillionLambdaRequests() / 1e6 + lambdaGbSeconds * prices.perLambdaGbSecond();
    }

    public double snsDollars(AwsPrices prices) {
        return snsPublishes * prices.perMillionSnsPublishes() / 1e6;
    }

    public double dollars(AwsPrices prices) {
        return dynamoDbDollars(prices) + sqsDollars(prices) + lambdaDollars(prices) + snsDollars(prices);
    }
}
