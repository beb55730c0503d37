package io.s3bulkrestore.sandbox;

import picocli.CommandLine.Option;

/** {@code --routing}, shared by {@code demo} and {@code serve}: which routing mode the sandbox's stack runs. */
public final class RoutingOption {

    @Option(names = "--routing", defaultValue = "EVENTBRIDGE", paramLabel = "eventbridge|sqs",
            description = "how restore events reach the stack: eventbridge (an EventBridge rule, the product's default) "
                    + "or sqs (S3 event notifications to the queue); default ${DEFAULT-VALUE}")
    RoutingMode routing;

    public RoutingMode mode() {
        return routing;
    }
}
