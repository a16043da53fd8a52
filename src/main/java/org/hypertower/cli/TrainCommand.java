package org.hypertower.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hypertower.engine.DatasetCache;
import org.hypertower.engine.EpochMetrics;
import org.hypertower.engine.IntraOpThreads;
import org.hypertower.engine.Memory;
import org.hypertower.engine.RunConfig;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.RunFactory;
import org.hypertower.engine.RunListener;
import org.hypertower.engine.RunStatus;
import org.hypertower.engine.Schedule;
import org.hypertower.engine.TrainingRun;
import org.hypertower.experiment.TrainArguments;
import org.hypertower.export.LearnedSchedule;
import org.hypertower.export.RunFilesException;
import org.hypertower.export.RunFolder;
import org.hypertower.tower.TowerSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hypertower train}: trains a model with a tower and writes the run's files. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a model with a tower. Writes DIR/steps.csv, DIR/epochs.csv and DIR/run.json "
                + "(configuration, status, final losses and accuracies, learned hyperparameters).",
                "Ctrl-C (SIGINT), SIGTERM or SIGHUP stop the run after the current step and write its files; the exit "
                        + "code is then 128 plus the signal's number (130, 143, 129). A second signal stops at once."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--tower", paramLabel = "SPEC",
            description = "The tower, bottom level first, e.g. 'adam(alpha=0.01) / sgd(alpha=1e-5)'; required unless "
                    + "--follow is given.")
    TowerSpec tower;

    @Option(names = "--follow", paramLabel = "RUN_DIR",
            description = "Train the bottom optimizer of that tower run alone, its learned hyperparameters set before "
                    + "every step to the values the tower used at that step (past the run's last step: its last "
                    + "values). Data, model, seed, batch size, epochs and limits default to that run's; options given "
                    + "here win. Not with --tower.")
    Path follow;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of split, weights and order (default: ${DEFAULT-VALUE}; "
            + "with --follow, the followed run's).")
    long seed;

    @Mixin
    TrainArguments options;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder for the run's files; one that holds a run is refused unless --replace is given.")
    Path out;

    @Option(names = "--replace", description = "Overwrite the run already in --out (its run.json, steps.csv, epochs.csv).")
    boolean replace;

    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch's threads for each operation, 1 to this machine's cores (default: 1 for paper-mlp and "
                    + "mlp, whose operations are too small to gain from more; every core for cnn and resnet20). run.json "
                    + "records the count used.")
    Integer threads;

    @Option(names = "--quiet", description = "Print only the final summary.")
    boolean quiet;

    /** Set by experiments for their workers: stop when the parent's pipe on standard input closes. */
    @Option(names = "--worker", hidden = true)
    boolean worker;

    /** The signals and data cache of the persistent worker this command runs in; null in a process of its own. */
    private final PersistentWorker.Context host;

    TrainCommand() {
        this(null);
    }

    /** A {@code train} run by a persistent worker, one of many in its JVM: it shares the worker's signals and data. */
    TrainCommand(PersistentWorker.Context host) {
        this.host = host;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (host != null) {
            return train(host.signals(), host.datasets(), err);
        }
        try (StopSignals signals = worker ? StopSignals.installForWorker(err, System.in)
                : StopSignals.install(err, "stopping after the current step")) {
            return train(signals, DatasetCache.none(), err);
        }
    }

    private Integer train(StopSignals signals, DatasetCache datasets, PrintWriter err) {
        RunConfig config;
        Schedule path = null;
        String following = null;
        if (follow != null) {
            if (tower != null) {
                throw new UsageException("--follow trains the bottom level of the followed run's tower, so --tower is not "
                        + "needed; leave out one of them.");
            }
            LearnedSchedule learned = LearnedSchedule.read(follow);
            picocli.CommandLine.ParseResult given = spec.commandLine().getParseResult();
            config = options.toConfig(learned.config(), given::hasMatchedOption, TowerSpec.of(learned.layer()),
                    given.hasMatchedOption("--seed") ? seed : learned.config().seed());
            path = learned.schedule();
            following = "following the " + String.join(", ", path.names()) + " that " + learned.config().tower()
                    + " learned in " + follow + " (" + path.steps() + " steps, seed " + learned.config().seed()
                    + "): training " + config.tower() + " alone, seed " + config.seed() + ".";
        } else if (tower == null) {
            throw new UsageException("train needs --tower SPEC, or --follow RUN_DIR to follow the path a tower run "
                    + "learned; run 'hypertower train --help' for usage.");
        } else {
            config = options.toConfig(tower, seed);
        }
        if (threads != null) {
            IntraOpThreads.check(threads, "--threads");
        }
        RunFolder.IfHoldsRun ifHoldsRun = replace ? RunFolder.IfHoldsRun.REPLACE : RunFolder.IfHoldsRun.REFUSE;
        RunFolder.check(out, ifHoldsRun);
        TrainingRun run;
        try {
            run = RunFactory.create(config, datasets);
        } catch (OutOfMemoryError e) {
            throw new RunFailure("Out of memory while loading " + RunFactory.datasetId(config.dataset()).title()
                    + ": Java's heap ("
                    + Memory.bytes(Runtime.getRuntime().maxMemory()) + ") is too small for it; give Java more, e.g. "
                    + "HYPERTOWER_JAVA_OPTS=-Xmx4g.");
        }
        if (threads != null) {
            run.useThreads(threads);
        }
        if (path != null) {
            run.follow(path);
            err.println("hypertower: " + following);
        }
        run.notes().forEach(n -> err.println("hypertower: " + n));
        if (signals.stopped()) {
            err.println("hypertower: stopped before training began; nothing was written.");
            return signals.exitCode();
        }
        try (RunFolder folder = RunFolder.open(out, ifHoldsRun)) {
            if (host == null) {
                folder.measureStartup(); // the run is what this process started for
            }
            signals.onStop(run::requestStop);
            signals.onForce(folder::abandon);
            RunEnded ended = folder.record(run, config, progress(spec.commandLine().getOut()));
            summarize(ended, folder.lastEpoch(), run);
            if (ended.status() == RunStatus.FAILED) {
                if (System.getenv("HYPERTOWER_DEBUG") != null && run.failure() != null) {
                    run.failure().printStackTrace(err);
                }
                throw new RunFailure(ended.message() + (ended.message().endsWith(".") ? "" : ".")
                        + " Its files in " + out + " keep " + (folder.stepsRecorded() == ended.steps()
                                ? "every step until then." : "its first " + folder.stepsRecorded() + " steps."));
            }
            return ended.status() == RunStatus.STOPPED ? signals.exitCode() : 0;
        } catch (RunFilesException e) {
            if (e.kind() == RunFilesException.Kind.WRITE_FAILED) {
                throw new RunFailure(e.getMessage());
            }
            throw e;
        }
    }

    private RunListener progress(PrintWriter stdout) {
        return new RunListener() {
            @Override
            public void epoch(EpochMetrics m) {
                if (!quiet) {
                    stdout.printf(Locale.ROOT, "epoch %d  train loss %.4f acc %.3f  test loss %.4f acc %.3f%n",
                            m.epoch() + 1, m.trainLoss(), m.trainAccuracy(), m.testLoss(), m.testAccuracy());
                    stdout.flush();
                }
            }
        };
    }

    private void summarize(RunEnded ended, EpochMetrics last, TrainingRun run) {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(ended.status().label() + ": " + ended.message());
        if (last != null) {
            stdout.printf(Locale.ROOT, "final test accuracy %.4f, test loss %.4f%n", last.testAccuracy(), last.testLoss());
        }
        TrainingRun.Throughput speed = run.throughput();
        if (speed.examples() > 0) {
            stdout.printf(Locale.ROOT, "throughput: loader %.0f examples/s, training steps %.0f examples/s%s%n",
                    speed.loaderExamplesPerSecond(), speed.stepExamplesPerSecond(), run.threads() > 0
                            ? " on " + run.threads() + (run.threads() == 1 ? " thread" : " threads") : "");
        }
        stdout.println("wrote " + out.resolve("steps.csv") + ", epochs.csv, run.json");
        stdout.flush();
    }
}
