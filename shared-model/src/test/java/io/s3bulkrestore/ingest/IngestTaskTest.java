package io.s3bulkrestore.ingest;

import io.s3bulkrestore.manifest.ManifestChunk;
import io.s3bulkrestore.model.JobId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestTaskTest {

    private static final JobId JOB = new JobId("5f0c3a9e-7b1d-4c2e-9a4f-000000000001");

    @Test
    void shouldWriteAndReadACsvChunk() {
        IngestTask task = new IngestTask.CsvChunk(JOB, new ManifestChunk(3, 3_000, 4_000));

        assertThat(task.toMessage()).isEqualTo("v1|5f0c3a9e-7b1d-4c2e-9a4f-000000000001|csv|3|3000|4000");
        assertThat(IngestTask.parse(task.toMessage())).isEqualTo(task);
    }

    @Test
    void shouldKeepAnInventoryKeyWithSeparatorsWhole() {
        IngestTask task = new IngestTask.InventoryFile(JOB, 2, "inv/data/a|b|c.csv.gz");

        assertThat(task.toMessage()).isEqualTo("v1|5f0c3a9e-7b1d-4c2e-9a4f-000000000001|inventory|2|inv/data/a|b|c.csv.gz");
        assertThat(IngestTask.parse(task.toMessage())).isEqualTo(task);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "v2|job-1|csv|0|0|10;                  version 'v2'",
            "v1|job-1|csv|0;                       expected at least 5",
            "v1|job 1|csv|0|0|10;                  invalid job id",
            "v1|job-1|tsv|0|0|10;                  kind 'tsv'",
            "v1|job-1|csv|x|0|10;                  index 'x'",
            "v1|job-1|csv|0|10;                    <start>|<end>",
            "v1|job-1|csv|0|10|10;                 range is empty",
            "v1|job-1|csv|0|-1|10;                 start '-1'",
            "v1|job-1|inventory|0|;                no data file key"})
    void shouldNameWhatIsWrongWithAMalformedMessage(String message, String problem) {
        assertThatThrownBy(() -> IngestTask.parse(message))
                .isInstanceOf(MalformedIngestTaskException.class)
                .hasMessageContaining(problem);
    }
}
