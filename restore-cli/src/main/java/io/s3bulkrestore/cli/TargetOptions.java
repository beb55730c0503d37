package io.s3bulkrestore.cli;

import io.s3bulkrestore.model.BucketNames;
import io.s3bulkrestore.model.ObjectId;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.util.ArrayList;
import java.util.List;

/** --bucket with exactly one of --key [--version-id] or --prefix [--include] [--exclude]. */
public final class TargetOptions {

    @Option(names = "--bucket", required = true, paramLabel = "BUCKET", description = "The bucket.")
    String bucket;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    static final class Selection {
        @ArgGroup(exclusive = false)
        KeyOptions key;

        @ArgGroup(exclusive = false)
        PrefixOptions prefix;
    }

    static final class KeyOptions {
        @Option(names = "--key", required = true, paramLabel = "KEY", description = "One object's key.")
        String key;

        @Option(names = "--version-id", paramLabel = "ID",
                description = "That object's version (versioned buckets). Default: the current version.")
        String versionId;
    }

    static final class PrefixOptions {
        @Option(names = "--prefix", required = true, paramLabel = "PREFIX",
                description = "Every object whose key starts with PREFIX (\"\" for the whole bucket).")
        String prefix;

        @Option(names = "--include", paramLabel = "GLOB",
                description = "Only keys matching GLOB (relative to --prefix; * matches anything including /, ? one character). Repeatable.")
        List<String> includes = new ArrayList<>();

        @Option(names = "--exclude", paramLabel = "GLOB", description = "Skip keys matching GLOB. Repeatable.")
        List<String> excludes = new ArrayList<>();
    }

    /** The validated target; a malformed bucket name or glob is a usage error (exit 2), found before any request. */
    Target target(CommandLine commandLine) {
        BucketNames.problemWith(bucket).ifPresent(problem -> {
            throw new ParameterException(commandLine, "--bucket '" + bucket + "' is not a valid bucket name: it " + problem);
        });
        if (selection.key != null) {
            return new Target.Key(new ObjectId(bucket, selection.key.key, selection.key.versionId));
        }
        PrefixOptions p = selection.prefix;
        try {
            return new Target.Prefix(bucket, p.prefix, new KeyFilter(p.prefix, p.includes, p.excludes));
        } catch (IllegalArgumentException badGlob) {
            throw new ParameterException(commandLine, "--include/--exclude: " + badGlob.getMessage());
        }
    }
}
