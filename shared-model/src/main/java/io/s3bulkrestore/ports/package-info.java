/**
 * Ports more than one use case needs (the job store, Batch Operations, object states and sizes...). A port that
 * only one use case needs lives in that use case's package (monitor's {@code MonitoredJobStore} and
 * {@code Notifier}, tally's {@code TallyStore}, ingest's {@code IngestQueue}, manifest's {@code ManifestStore}), so
 * that this package names only model and restore types and every use case can depend on it without a cycle
 * (architecture's DependencyRulesTest checks both).
 */
package io.s3bulkrestore.ports;
