package io.s3bulkrestore.sandbox.batch;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreateJobRequestReaderTest {

    private static final String VALID = """
            <?xml version="1.0" encoding="UTF-8"?>
            <CreateJobRequest xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">
              <ConfirmationRequired>false</ConfirmationRequired>
              <Operation><S3InitiateRestoreObject><ExpirationInDays>7</ExpirationInDays><GlacierJobTier>BULK</GlacierJobTier></S3InitiateRestoreObject></Operation>
              <Report><Bucket>arn:aws:s3:::reports</Bucket><Format>Report_CSV_20180820</Format><Enabled>true</Enabled><Prefix>p/j</Prefix><ReportScope>FailedTasksOnly</ReportScope></Report>
              <ClientRequestToken>job-1</ClientRequestToken>
              <Manifest>
                <Spec><Format>S3BatchOperations_CSV_20180820</Format><Fields><member>Bucket</member><member>Key</member></Fields></Spec>
                <Location><ObjectArn>arn:aws:s3:::manifests/dir/list &amp; more.csv</ObjectArn><ETag>abc</ETag></Location>
              </Manifest>
              <Priority>10</Priority>
              <RoleArn>arn:aws:iam::123456789012:role/R</RoleArn>
              <Tags><member><Key>k</Key><Value>v</Value></member></Tags>
            </CreateJobRequest>
            """;

    @Test
    void shouldReadEveryElementTheAdapterSends() {
        // When
        JobSpec spec = CreateJobRequestReader.read("123456789012", VALID.getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(spec.clientRequestToken()).isEqualTo("job-1");
        assertThat(spec.operation()).isEqualTo(new JobSpec.RestoreOperation("BULK", 7));
        assertThat(spec.source()).isInstanceOfSatisfying(JobSpec.ManifestSpec.class, manifest -> {
            assertThat(manifest.bucket()).isEqualTo("manifests");
            assertThat(manifest.key()).isEqualTo("dir/list & more.csv");
            assertThat(manifest.fields()).containsExactly("Bucket", "Key");
        });
        assertThat(spec.report().bucket()).contains("reports");
        assertThat(spec.report().failedTasksOnly()).isTrue();
        assertThat(spec.tags()).containsExactly(new JobSpec.Tag("k", "v"));
    }

    @Test
    void shouldNameTheMissingElement() {
        for (var missing : List.of(
                List.of("<RoleArn>arn:aws:iam::123456789012:role/R</RoleArn>", "RoleArn"),
                List.of("<Priority>10</Priority>", "Priority"),
                List.of("<ClientRequestToken>job-1</ClientRequestToken>", "ClientRequestToken"),
                List.of("<ETag>abc</ETag>", "Manifest.Location.ETag"),
                List.of("<Format>S3BatchOperations_CSV_20180820</Format>", "Manifest.Spec.Format"))) {
            byte[] body = VALID.replace(missing.get(0), "").getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> CreateJobRequestReader.read("123456789012", body))
                    .isInstanceOfSatisfying(S3ControlError.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(400);
                        assertThat(e.code()).isEqualTo("InvalidRequest");
                        assertThat(e.getMessage()).contains(missing.get(1) + " is missing");
                    });
        }
    }

    @Test
    void shouldRefuseAJobWithBothAManifestAndAManifestGenerator() {
        // Given
        String generator = "<ManifestGenerator><S3JobManifestGenerator><SourceBucket>arn:aws:s3:::data</SourceBucket>"
                + "<EnableManifestOutput>false</EnableManifestOutput></S3JobManifestGenerator></ManifestGenerator>";
        byte[] body = VALID.replace("<Priority>10</Priority>", "<Priority>10</Priority>" + generator)
                .getBytes(StandardCharsets.UTF_8);

        // When / Then
        assertThatThrownBy(() -> CreateJobRequestReader.read("123456789012", body))
                .isInstanceOfSatisfying(S3ControlError.class, e -> {
                    assertThat(e.code()).isEqualTo("InvalidRequest");
                    assertThat(e.getMessage()).isEqualTo("a job takes either a Manifest or a ManifestGenerator, not both");
                });
    }

    @Test
    void shouldRefuseAJobWithNeitherAManifestNorAManifestGenerator() {
        // Given
        String manifest = VALID.substring(VALID.indexOf("<Manifest>"), VALID.indexOf("</Manifest>") + "</Manifest>".length());
        byte[] body = VALID.replace(manifest, "").getBytes(StandardCharsets.UTF_8);

        // When / Then
        assertThatThrownBy(() -> CreateJobRequestReader.read("123456789012", body))
                .hasMessage("the required element Manifest (or ManifestGenerator) is missing");
    }

    @Test
    void shouldRefuseABooleanThatIsNeitherTrueNorFalse() {
        byte[] body = VALID.replace("<ConfirmationRequired>false</ConfirmationRequired>",
                "<ConfirmationRequired>yes</ConfirmationRequired>").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CreateJobRequestReader.read("123456789012", body))
                .hasMessage("ConfirmationRequired must be true or false, got 'yes'");
    }

    @Test
    void shouldRefuseAnotherOperation() {
        byte[] body = VALID.replace("S3InitiateRestoreObject", "S3PutObjectTagging").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CreateJobRequestReader.read("123456789012", body))
                .hasMessageContaining("only the S3InitiateRestoreObject operation");
    }
}
