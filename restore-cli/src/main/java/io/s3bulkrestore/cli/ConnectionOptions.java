package io.s3bulkrestore.cli;

import picocli.CommandLine.Option;

import java.net.URI;

/** Where S3 is and who we are there. */
public final class ConnectionOptions {

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "An S3-compatible endpoint (moto, the sandbox, MinIO...), used with path-style addressing. "
                    + "Default: AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL if set, else AWS.")
    URI endpoint;

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region. Default: the profile's or the SDK's region chain (AWS_REGION, ~/.aws/config), else us-east-1.")
    String region;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "A named profile from ~/.aws/credentials and ~/.aws/config. Default: the SDK's default credential chain.")
    String profile;

    public URI endpoint() {
        return endpoint;
    }

    public String region() {
        return region;
    }

    public String profile() {
        return profile;
    }
}
