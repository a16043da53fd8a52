package org.hypertower.cli;

import java.io.PrintWriter;
import org.hypertower.data.DataException;
import org.hypertower.engine.Versions;
import org.hypertower.export.RunFilesException;
import org.hypertower.tower.TowerSpec;
import org.hypertower.tower.TowerSpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hypertower} command line. Exit codes: 0 on success (a diverged run is a result), 2 on
 * bad usage or input with one line on stderr, 1 on any other error.
 */
@Command(
        name = "hypertower",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Hyperoptimizer towers (Gradient Descent: The Ultimate Optimizer) on DJL.%n"
                + "./hypertower without a command opens the workbench window.")
public final class Main implements Runnable {

    /**
     * The commands, in the order the usage lists them. Not in {@code @Command(subcommands = ...)}:
     * picocli builds every command's model from its annotations up front, a third of a second of
     * a {@code train}'s start; {@link #forArguments} builds only the one a command line names.
     */
    static final java.util.List<Class<?>> COMMANDS = java.util.List.of(ReplayCommand.class, TrainCommand.class,
            ExportScheduleCommand.class, BenchCommand.class, SweepCommand.class, ExperimentCommand.class,
            ReportCommand.class, DownloadCommand.class, PlaygroundCommand.class, WorkbenchCommand.class,
            PersistentWorker.class,
            CommandLine.HelpCommand.class);

    /** Exit code for bad usage or input. */
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        quietLogging();
        if (trainsAtOnce(args)) {
            if (Boolean.getBoolean("hypertower.engine.cpu")) { // the launcher's CPU build
                org.hypertower.engine.EngineLoader.withoutCudaProbe();
            }
            org.hypertower.engine.EngineLoader.preloadInBackground(Main::linkNativesAhead);
        }
        int code;
        try {
            code = execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("hypertower: out of memory (Java's heap is " + org.hypertower.engine.Memory.bytes(
                    Runtime.getRuntime().maxMemory()) + "); give Java more, e.g. HYPERTOWER_JAVA_OPTS=-Xmx4g.");
            code = 1;
        } catch (Throwable e) {
            System.err.println("hypertower: " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + " (an unexpected error; set HYPERTOWER_DEBUG=1 to see where)");
            if (System.getenv("HYPERTOWER_DEBUG") != null) {
                e.printStackTrace();
            }
            code = 1;
        }
        // never exit while libtorch is half loaded: its destructors would run under the loading thread
        org.hypertower.engine.EngineLoader.awaitPreload(60, java.util.concurrent.TimeUnit.SECONDS);
        System.exit(code);
    }

    /**
     * Links the JDK's native methods that parsing a {@code train} command line and starting its run
     * call first, before libtorch starts loading: while libtorch_cpu opens (0.45 s) the system's
     * loader lock is held, and a thread that calls a Java native method for the first time waits
     * for that lock to find it. Found with {@code -Xlog:jni+resolve=debug}: picocli's annotations
     * (their proxies' module, arrays, exceptions), reading a jar (classes and resources that are
     * not in the class-data archive), Jackson's date format (the time zone), and the file calls
     * that taking the run folder's lock and writing its first files make ({@link #linkFileNatives}).
     * A few milliseconds, and the annotation is read once either way (Java keeps it).
     */
    static void linkNativesAhead() {
        Main.class.getAnnotation(Command.class);
        java.lang.reflect.Array.getLength(new Object[0]);
        new Throwable().getStackTrace();
        try (java.io.InputStream in = Main.class.getResourceAsStream("Main.class")) {
            if (in != null) {
                in.read();
            }
        } catch (java.io.IOException e) {
            // nothing linked: the run only starts a little later
        }
        java.util.TimeZone.getDefault();
        linkFileNatives(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * Links the file and process calls a run makes before its first step, on a file of its own in
     * a folder (the temporary one), deleted again: the run folder's lock (taken, truncated, the
     * process id written, released) and its files written whole and moved into place. Releasing
     * that lock was the first native call after the libtorch load began: the main thread stood
     * still 0.2 s until libtorch was in. A folder it cannot write in links less, and says nothing.
     */
    static void linkFileNatives(java.nio.file.Path folder) {
        java.nio.file.Path file = null;
        java.nio.file.Path moved = null;
        try {
            ProcessHandle self = ProcessHandle.current();
            self.isAlive();
            // not Files.createTempFile: its random name starts Java's secure random generator (15 ms)
            file = folder.resolve(".hypertower-link-" + self.pid() + "-" + System.nanoTime());
            moved = file.resolveSibling(file.getFileName() + ".moved");
            java.nio.ByteBuffer pid = java.nio.ByteBuffer.wrap(Long.toString(self.pid()).getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII));
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                    java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.READ,
                    java.nio.file.StandardOpenOption.WRITE)) {
                java.nio.channels.FileLock lock = channel.tryLock();
                channel.write(pid.duplicate(), 0);
                channel.truncate(0); // only a file with something in it is truncated
                channel.position(0);
                channel.write(pid.duplicate());
                channel.force(false);
                if (lock != null) {
                    lock.release();
                }
            }
            java.nio.file.Files.move(file, moved, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException | RuntimeException e) {
            // whatever is not linked now links later, only slower
        } finally {
            for (java.nio.file.Path p : new java.nio.file.Path[] {file, moved}) {
                if (p != null) {
                    try {
                        java.nio.file.Files.deleteIfExists(p);
                    } catch (java.io.IOException e) {
                        // a stray empty file in the temporary folder
                    }
                }
            }
        }
    }

    /**
     * Returns whether a command line trains as soon as it has read its data ({@code train}, not
     * asking for help), so that PyTorch's libraries are best loaded from the start, while the
     * arguments are parsed and the data read ({@code -Dhypertower.engine.preload=false} turns that
     * off, e.g. to measure it).
     */
    static boolean trainsAtOnce(String... args) {
        if (args.length == 0 || !args[0].equals("train")
                || "false".equals(System.getProperty("hypertower.engine.preload"))) {
            return false;
        }
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Keeps DJL's logging to what a user needs, however the JVM was started (the launcher sets the
     * same): warnings only, and no "Failed to detect GPU count" on a machine with CUDA libraries but
     * no usable GPU, which would break the one-line promise of every error. Explicit settings win.
     */
    static void quietLogging() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda", "error");
        }
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int execute(String... args) {
        return forArguments(args).execute(args);
    }

    /** Returns the configured command line, with stdout/stderr as given by the caller. */
    public static CommandLine newCommandLine() {
        return newCommandLine(CommandLine.defaultFactory());
    }

    /** Returns the configured command line whose commands the factory makes (a persistent worker's {@code train}). */
    static CommandLine newCommandLine(CommandLine.IFactory factory) {
        return configure(new CommandLine(new Main(), factory), COMMANDS);
    }

    /**
     * Returns a command line that runs these arguments as {@link #newCommandLine()} does, built
     * for them: when the first names a command (other than {@code help}), the root holds that
     * command alone, which parses, answers {@code --help} and refuses mistakes in the same words;
     * otherwise (the root's usage, {@code help}, a misspelled command to suggest another for)
     * it holds them all.
     */
    static CommandLine forArguments(String... args) {
        if (args.length > 0) {
            for (Class<?> command : COMMANDS) {
                Command c = command.getAnnotation(Command.class);
                if (command != CommandLine.HelpCommand.class && c != null && c.name().equals(args[0])) {
                    return configure(new CommandLine(new Main()), java.util.List.of(command));
                }
            }
        }
        return newCommandLine();
    }

    private static CommandLine configure(CommandLine cli, java.util.List<Class<?>> commands) {
        // first: the converters and handlers below reach only the commands added before them
        commands.forEach(cli::addSubcommand);
        cli.registerConverter(TowerSpec.class, Main::parseTower);
        // numbers in words a user reads, not Java's type names ("'abc' is not an int")
        cli.registerConverter(Integer.class, text -> whole(text, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue());
        cli.registerConverter(Integer.TYPE, text -> whole(text, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue());
        cli.registerConverter(Long.class, text -> whole(text, Long.MIN_VALUE, Long.MAX_VALUE));
        cli.registerConverter(Long.TYPE, text -> whole(text, Long.MIN_VALUE, Long.MAX_VALUE));
        cli.registerConverter(Double.class, Main::number);
        cli.registerConverter(Double.TYPE, Main::number);
        // an empty name is the current folder to Java: never what a user meant
        cli.registerConverter(java.nio.file.Path.class, Main::path);
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            Throwable cause = ex.getCause();
            if (ex instanceof CommandLine.OverwrittenOptionException twice) {
                err.println("hypertower: " + name(twice.getOverwritten()) + " is given more than once; give it once, "
                        + "or run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            } else if (cause instanceof CommandLine.TypeConversionException || cause instanceof IllegalArgumentException) {
                // a rejected value is explained by its own message
                err.println("hypertower: " + sentence(cause instanceof CommandLine.TypeConversionException
                        ? ex.getMessage() : cause.getMessage()));
            } else {
                // other mistakes point at the usage, on the same line
                err.println("hypertower: " + sentence(ex.getMessage()).replaceAll("\\.$", "") + "; run '"
                        + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            }
            return USAGE;
        });
        return cli;
    }

    private static String name(CommandLine.Model.ArgSpec arg) {
        return arg instanceof CommandLine.Model.OptionSpec option ? option.longestName() : arg.paramLabel();
    }

    private static Long whole(String text, long min, long max) {
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new CommandLine.TypeConversionException(text + " is out of range (" + min + " to " + max + ")");
        }
        return value;
    }

    private static java.nio.file.Path path(String text) {
        if (text.isBlank()) {
            throw new CommandLine.TypeConversionException("the name is empty; give a file or folder");
        }
        try {
            return java.nio.file.Path.of(text);
        } catch (java.nio.file.InvalidPathException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a usable path (" + e.getReason() + ")");
        }
    }

    private static Double number(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a number");
        }
    }

    private static TowerSpec parseTower(String text) {
        try {
            return TowerSpec.parse(text);
        } catch (TowerSpecException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }

    /** Returns a message as one sentence: one line, ending with a period. */
    static String sentence(String message) {
        String m = String.valueOf(message).strip().replaceAll("\\s*\\R\\s*", " ");
        return m.endsWith(".") || m.endsWith("?") ? m : m + ".";
    }

    private static int handle(Exception ex, CommandLine cli, CommandLine.ParseResult parseResult) {
        PrintWriter err = cli.getErr();
        if (ex instanceof DataException || ex instanceof TowerSpecException || ex instanceof UsageException
                || ex instanceof IllegalArgumentException || ex instanceof RunFilesException) {
            err.println("hypertower: " + sentence(ex.getMessage()));
            return USAGE;
        }
        if (ex instanceof StoppedBySignal stopped) {
            err.println("hypertower: " + sentence(ex.getMessage()));
            return stopped.exitCode();
        }
        if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
            // a file the command writes as it goes (a report, a summary) could not be written: what finished is kept
            Throwable io = ex instanceof java.io.UncheckedIOException u && u.getCause() != null ? u.getCause() : ex;
            String m = firstLine(io.getMessage());
            err.println("hypertower: " + sentence(m.startsWith("Cannot ") ? m
                    : io instanceof java.nio.file.FileSystemException fs && fs.getFile() != null ? "Cannot use "
                            + fs.getFile() + ": " + org.hypertower.files.FileErrors.reason(io) + "; fix it or choose another "
                            + "--out"
                    : "A file could not be written or read: " + org.hypertower.files.FileErrors.reason(io)));
            return 1;
        }
        if (ex instanceof RunFailure) {
            err.println("hypertower: " + sentence(ex.getMessage()));
            return 1;
        }
        if (org.hypertower.engine.Memory.isOutOfMemory(ex)) {
            err.println("hypertower: PyTorch ran out of memory (" + firstLine(ex.getMessage()) + "); use a smaller model "
                    + "or --batch-size.");
            return 1;
        }
        if (ex instanceof ai.djl.engine.EngineException) {
            String m = firstLine(ex.getMessage());
            err.println(m.toLowerCase(java.util.Locale.ROOT).matches(".*(load|native|librar).*")
                    ? "hypertower: PyTorch could not be loaded (" + m + "); with HYPERTOWER_GPU=1, DJL downloads its CUDA "
                            + "build on first use, which needs network; otherwise rebuild with mvn compile."
                    : "hypertower: PyTorch failed: " + m + " (set HYPERTOWER_DEBUG=1 to see where)");
            return 1;
        }
        err.println("hypertower: " + ex.getClass().getSimpleName() + ": " + ex.getMessage()
                + " (an unexpected error; set HYPERTOWER_DEBUG=1 to see where)");
        if (System.getenv("HYPERTOWER_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        return 1;
    }

    /** Supplies {@code --version}. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"hypertower " + Versions.hypertower()};
        }
    }
}
