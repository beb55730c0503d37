package io.s3bulkrestore.sandbox;

/**
 * How restore events reach RestoreEventsQueue, as the template's {@code RoutingMode} parameter chooses it:
 * EVENTBRIDGE (the product's default: each bucket's EventBridge delivery on, and the stack's rule targets the
 * queue) or SQS (each bucket's notification configuration sends {@code s3:ObjectRestore:Completed} to the queue).
 */
public enum RoutingMode {
    EVENTBRIDGE,
    SQS;

    /** The product's default, the template's RoutingMode default. */
    public static final RoutingMode DEFAULT = EVENTBRIDGE;
}
