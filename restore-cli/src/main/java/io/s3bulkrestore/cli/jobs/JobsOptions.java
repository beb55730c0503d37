package io.s3bulkrestore.cli.jobs;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** What every jobs command takes: where the API is and its key, --json, --help. */
public final class JobsOptions {

    @Option(names = "--api-url", paramLabel = "URL",
            description = "The s3-bulk-restore API, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com/Prod or "
                    + "the URL ./sandbox serve prints. Default: " + ApiEndpoint.URL_VARIABLE
                    + ", else api_url in the profile file.")
    String apiUrl;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "The API key (sent as x-api-key). Default: " + ApiEndpoint.KEY_VARIABLE
                    + ", else api_key in the profile file. A flag shows in the process list: prefer those two.")
    String apiKey;

    @Option(names = "--api-profile", paramLabel = "NAME",
            description = "The [profile NAME] to read in ~/.config/s3-bulk-restore/config. Default: default.")
    String apiProfile;

    @Option(names = "--json", description = "Print the API's JSON answer as it is instead of text.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** The API client for these options; a missing URL or key is a usage error naming where to set it. */
    HttpJobsApi api(JobsContext context, CommandLine commandLine) {
        try {
            return new HttpJobsApi(context.http(),
                    ApiEndpoint.resolve(apiUrl, apiKey, apiProfile, context.env(), context.configFile()));
        } catch (ApiEndpoint.Unresolved e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }

    boolean json() {
        return json;
    }
}
