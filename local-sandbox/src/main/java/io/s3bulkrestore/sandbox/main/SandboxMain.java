package io.s3bulkrestore.sandbox.main;

import io.s3bulkrestore.sandbox.SandboxLogging;
import io.s3bulkrestore.sandbox.ServeCommand;
import io.s3bulkrestore.sandbox.demo.DemoCommand;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;

/** {@code sandbox demo | serve}: the service on one machine, without an AWS account. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "s3-bulk-restore on one machine: DynamoDB Local, moto_server and an S3 Batch Operations emulator.",
        subcommands = {DemoCommand.class, ServeCommand.class})
public final class SandboxMain {

    public static void main(String[] args) {
        SandboxLogging.toFile();
        // The log file is appended to across runs: this line tells where one begins.
        LoggerFactory.getLogger(SandboxMain.class).info("sandbox {} started (pid {})",
                args.length == 0 ? "" : args[0], ProcessHandle.current().pid());
        System.exit(run(System.out, System.err, args));
    }

    /** Runs a command; a failure to start (no moto_server, a busy port) is one line on {@code err} and exit code 2. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine commandLine = new CommandLine(new SandboxMain(), new Factory(out));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true); // --routing eventbridge as well as EVENTBRIDGE
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("sandbox: " + oneLine(e));
            return 2;
        });
        return commandLine.execute(args);
    }

    static String oneLine(Throwable e) {
        if (e instanceof IllegalArgumentException) {
            return e.getMessage(); // a bad option: the message names it
        }
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.lines().findFirst().orElse(message) + " (details: " + SandboxLogging.logFile() + ")";
    }

    /** Gives the commands the console to print on. */
    private record Factory(PrintStream out) implements CommandLine.IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == DemoCommand.class) {
                return type.cast(new DemoCommand(out));
            }
            if (type == ServeCommand.class) {
                return type.cast(new ServeCommand(out));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
