package org.hypertower.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.hypertower.engine.DatasetCache;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hypertower worker} (hidden): a persistent worker of an experiment's pool. It keeps its
 * JVM, PyTorch and the dataset it read last, and trains the jobs its parent writes on standard
 * input one after another, each as {@code train --worker --quiet --out DIR ARGS} would in a
 * process of its own, from a fresh state (a fresh network, tower, generators and engine seed), so
 * a run's files are the same bytes as a fresh process's.
 *
 * <p>Protocol, one JSON object a line: the parent writes {@code {"id": ID, "out": DIR, "args":
 * [...]}}; the worker appends the run's own output to {@code DIR/worker.log} and, once the run's
 * files are written, answers {@code {"id": ID, "exit": CODE}} on standard output, CODE being the
 * exit code the same {@code train} would have had, with {@code "last": true} when the worker exits
 * after it (it was stopped, or its JVM may not be sound). Standard output carries nothing else.
 *
 * <p>Stops as a fresh worker does: SIGTERM stops the run under way after its step, writes it as
 * stopped, answers, and exits; the end of standard input means the parent is gone: the run under
 * way stops likewise (at once after 30 s) and the worker exits; SIGINT and SIGHUP are ignored. A
 * worker that ran out of memory answers, then exits, since its JVM may not be sound any more.
 */
@Command(name = "worker", hidden = true, description = "Trains the jobs an experiment writes on standard input.")
final class PersistentWorker implements Callable<Integer> {

    /** What the runs of one persistent worker share. */
    record Context(StopSignals signals, DatasetCache datasets) {}

    private static final String END = "\u0000end";

    @Override
    public Integer call() throws InterruptedException {
        ObjectMapper json = new ObjectMapper();
        PrintStream protocol = System.out;
        PrintStream stderr = System.err;
        // whatever else prints to standard output must not mix with the answers
        System.setOut(stderr);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        StopSignals signals = StopSignals.installForPersistentWorker(errWriter);
        // before the first job: on a fresh machine, workers starting together unpack libtorch once
        org.hypertower.engine.EngineLoader.loadOneAtATime();
        Context context = new Context(signals, DatasetCache.lastRead());
        BlockingQueue<String> jobs = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    jobs.add(line);
                }
            } catch (IOException closed) {
                // the pipe broke: the parent is gone as well
            }
            jobs.add(END);
            signals.parentGone();
        }, "hypertower-parent-watch");
        reader.setDaemon(true);
        reader.start();
        while (true) {
            String line = jobs.poll(200, TimeUnit.MILLISECONDS);
            if (END.equals(line) || signals.stopped()) {
                // between runs, nothing to stop: the end of the pipe is the parent's normal goodbye
                return END.equals(line) ? 0 : signals.exitCode();
            }
            if (line == null || line.isBlank()) {
                continue;
            }
            JsonNode job;
            try {
                job = json.readTree(line);
            } catch (IOException e) {
                errWriter.println("hypertower: the worker got a line that is not a job, skipped: " + line);
                continue;
            }
            Outcome outcome = train(job, context, stderr, errWriter);
            ObjectNode answer = json.createObjectNode();
            answer.put("id", job.path("id").asText());
            answer.put("exit", outcome.exitCode());
            boolean last = signals.stopped() || outcome.unsound();
            answer.put("last", last); // the worker exits after this answer: send it no more jobs
            protocol.println(answer);
            protocol.flush();
            if (last) {
                return outcome.exitCode();
            }
        }
    }

    private record Outcome(int exitCode, boolean unsound) {}

    /** Trains one job with its output in its folder's worker.log; returns the exit code {@code train} would have. */
    private static Outcome train(JsonNode job, Context context, PrintStream stderr, PrintWriter errWriter) {
        Path out = Path.of(job.path("out").asText());
        List<String> args = new ArrayList<>(List.of("train", "--worker", "--quiet", "--out", out.toString()));
        job.path("args").forEach(a -> args.add(a.asText()));
        PrintStream log;
        try {
            log = new PrintStream(new FileOutputStream(out.resolve("worker.log").toFile(), true), true,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            errWriter.println("hypertower: Cannot write " + out.resolve("worker.log") + ": "
                    + org.hypertower.files.FileErrors.reason(e) + ".");
            return new Outcome(1, false);
        }
        PrintWriter logWriter = new PrintWriter(new OutputStreamWriter(log, StandardCharsets.UTF_8), true);
        System.setOut(log);
        System.setErr(log);
        context.signals().reportTo(logWriter);
        try {
            CommandLine cli = Main.newCommandLine(new Factory(context));
            cli.setOut(logWriter);
            cli.setErr(logWriter);
            return new Outcome(cli.execute(args.toArray(String[]::new)), false);
        } catch (OutOfMemoryError e) {
            logWriter.println("hypertower: out of memory (Java's heap is " + org.hypertower.engine.Memory.bytes(
                    Runtime.getRuntime().maxMemory()) + "); give Java more, e.g. HYPERTOWER_WORKER_JAVA_OPTS=-Xmx4g.");
            return new Outcome(1, true);
        } catch (Throwable e) {
            logWriter.println("hypertower: " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + " (an unexpected error; set HYPERTOWER_DEBUG=1 to see where)");
            return new Outcome(1, true);
        } finally {
            context.signals().clearActions();
            context.signals().reportTo(errWriter);
            logWriter.flush();
            System.setOut(stderr);
            System.setErr(stderr);
            log.close();
        }
    }

    /** Makes this worker's {@code train} commands, which share its signals and data. */
    private record Factory(Context context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == TrainCommand.class) {
                return type.cast(new TrainCommand(context));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
