/**
 * A job's counts, derived from the changes of the object records (DESIGN §3): the tally function reads the
 * ObjectsTable's stream, diffs each record's old and new image per job ({@link io.s3bulkrestore.tally.JobDeltas})
 * and adds the sum of a batch to each job's counters once ({@link io.s3bulkrestore.tally.TallyChanges}).
 */
package io.s3bulkrestore.tally;
