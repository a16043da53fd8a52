package org.hypertower.ui.experiments;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.hypertower.experiment.ClusterMaster;
import org.hypertower.experiment.Comparison;
import org.hypertower.experiment.ExperimentPlan;
import org.hypertower.experiment.ExperimentPreset;
import org.hypertower.experiment.Rival;
import org.hypertower.experiment.RivalsSweep;
import org.hypertower.tower.Numbers;

/**
 * The Experiments view's settings and results: a sensitivity sweep, a comparison of towers with
 * plain optimizers, a stack of one layer, Table 1, or the rivals' sweep (towers against the
 * learning-rate-free optimizers) — the same {@link ExperimentPlan} the CLI runs,
 * each run in a worker process, off the FX thread. Progress arrives one line per finished run; the
 * result arrives whole when the experiment ends. Stopping kills the workers and keeps what
 * finished; opening an experiment's folder shows its results, running whatever is missing.
 */
public final class ExperimentsViewModel {

    private final ObjectProperty<ExperimentPlan.Kind> kind = new SimpleObjectProperty<>(ExperimentPlan.Kind.SWEEP);
    private final StringProperty towers = new SimpleStringProperty("sgd");
    private final StringProperty alphas = new SimpleStringProperty("1e-6,1e-4,1e-2,1");
    private final StringProperty heights = new SimpleStringProperty("0,1,2");
    private final StringProperty rivals = new SimpleStringProperty("all");
    private final StringProperty dataset = new SimpleStringProperty("iris");
    private final StringProperty model = new SimpleStringProperty("paper-mlp");
    private final StringProperty hidden = new SimpleStringProperty("8");
    private final IntegerProperty epochs = new SimpleIntegerProperty(20);
    private final IntegerProperty batchSize = new SimpleIntegerProperty(10);
    private final IntegerProperty limit = new SimpleIntegerProperty(0);
    private final IntegerProperty seeds = new SimpleIntegerProperty(2);
    private final BooleanProperty constrained = new SimpleBooleanProperty();
    private final IntegerProperty workers = new SimpleIntegerProperty(Runtime.getRuntime().availableProcessors());
    private final ObjectProperty<RunOn> runOn = new SimpleObjectProperty<>(RunOn.THIS_MACHINE);
    private final StringProperty master = new SimpleStringProperty("local[2]");
    private final IntegerProperty done = new SimpleIntegerProperty();
    private final IntegerProperty total = new SimpleIntegerProperty();
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final StringProperty message = new SimpleStringProperty("");
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ObservableList<WorkerRun> training = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<ExperimentPlan.Result> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Path> folder = new ReadOnlyObjectWrapper<>();
    private final Path root;
    private final Executor fxThread;
    private final Consumer<Runnable> background;
    /** The experiment under way's stop request (a fresh one each launch). */
    private volatile org.hypertower.experiment.StopRequest stop = new org.hypertower.experiment.StopRequest();
    /** The driver of the experiment under way on Spark (null on this machine, or before it has started). */
    private volatile SparkDriver driver;

    /** Where an experiment's runs train. */
    public enum RunOn {
        /** This machine's worker processes, as many at once as the Workers setting says. */
        THIS_MACHINE("This machine"),
        /** Apache Spark, at the master URL given: a driver process of its own runs the experiment there. */
        SPARK("Spark");

        private final String text;

        RunOn(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * @param root the folder new experiments are written under, one sub-folder each
     * @param fxThread runs updates on the FX thread
     * @param background runs an experiment off the FX thread
     */
    public ExperimentsViewModel(Path root, Executor fxThread, Consumer<Runnable> background) {
        this.root = root;
        this.fxThread = fxThread;
        this.background = background;
    }

    public ObjectProperty<ExperimentPlan.Kind> kindProperty() {
        return kind;
    }

    /** Returns the towers (';'-separated) or, for sweeps and stacks, the template. */
    public StringProperty towersProperty() {
        return towers;
    }

    /** Returns the sweep's initial alphas, comma-separated; a stack uses the first. */
    public StringProperty alphasProperty() {
        return alphas;
    }

    /** Returns the heights of a sweep, or the tallest height of a stack (its last value). */
    public StringProperty heightsProperty() {
        return heights;
    }

    /** Returns the rivals' sweep's learning-rate-free optimizers: all, none, or names, comma-separated. */
    public StringProperty rivalsProperty() {
        return rivals;
    }

    public StringProperty datasetProperty() {
        return dataset;
    }

    public StringProperty modelProperty() {
        return model;
    }

    /** Returns the hidden layer sizes, comma-separated. */
    public StringProperty hiddenProperty() {
        return hidden;
    }

    public IntegerProperty epochsProperty() {
        return epochs;
    }

    public IntegerProperty batchSizeProperty() {
        return batchSize;
    }

    /** Returns how many training examples each run uses (0: all). */
    public IntegerProperty limitProperty() {
        return limit;
    }

    public IntegerProperty seedsProperty() {
        return seeds;
    }

    /** Returns whether every run keeps its learned hyperparameters in range (train's --constrained). */
    public BooleanProperty constrainedProperty() {
        return constrained;
    }

    /** Returns how many runs train at once, in as many worker processes (default: the number of cores). */
    public IntegerProperty workersProperty() {
        return workers;
    }

    /** Returns where the runs train: this machine's workers, or Spark at {@link #masterProperty()}. */
    public ObjectProperty<RunOn> runOnProperty() {
        return runOn;
    }

    /**
     * Returns the Spark master URL the runs train at when {@link #runOnProperty()} is Spark:
     * {@code local[N]} (Spark on this machine, N runs at once), {@code spark://HOST:PORT}, ...
     */
    public StringProperty masterProperty() {
        return master;
    }

    /** Returns how many runs have ended in the experiment under way (or the last one). */
    public IntegerProperty doneProperty() {
        return done;
    }

    /** Returns how many runs the experiment under way trains. */
    public IntegerProperty totalProperty() {
        return total;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    /** Returns the last message: where the results are, or what was wrong. */
    public StringProperty messageProperty() {
        return message;
    }

    /** Returns one line per finished run. */
    /** Returns the runs the workers are training now, each with its progress; updated on the FX thread. */
    public ObservableList<WorkerRun> training() {
        return training;
    }

    /** A run a worker is training: its name and how far it is, read from the files it writes. */
    public static final class WorkerRun {
        private final String name;
        private final javafx.beans.property.ReadOnlyStringWrapper text = new javafx.beans.property.ReadOnlyStringWrapper("starting");
        private final javafx.beans.property.ReadOnlyDoubleWrapper fraction = new javafx.beans.property.ReadOnlyDoubleWrapper(-1);

        WorkerRun(String name) {
            this.name = name;
        }

        /** Returns the run's folder name under {@code runs/}, e.g. {@code h2_a0.001_s0}. */
        public String name() {
            return name;
        }

        /** Returns the progress in words: {@code step 1,234 of 3,000 · epoch 3 of 10}. */
        public javafx.beans.property.ReadOnlyStringProperty textProperty() {
            return text.getReadOnlyProperty();
        }

        /** Returns the fraction done in [0, 1], or -1 before the first epoch has ended. */
        public javafx.beans.property.ReadOnlyDoubleProperty fractionProperty() {
            return fraction.getReadOnlyProperty();
        }

        void show(org.hypertower.experiment.RunProgress.Snapshot s) {
            text.set(s.text());
            fraction.set(s.fraction());
        }
    }

    public ObservableList<String> log() {
        return log;
    }

    /** Returns the last experiment's result (null until one ends). */
    public ReadOnlyObjectProperty<ExperimentPlan.Result> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** Returns the folder of the experiment under way or last run (null before the first). */
    public ReadOnlyObjectProperty<Path> folderProperty() {
        return folder.getReadOnlyProperty();
    }

    /** Fills in a preset's dataset, model, hidden sizes, epochs and batch size. */
    public void apply(ExperimentPreset preset) {
        dataset.set(preset.dataset());
        model.set(preset.model());
        hidden.set(preset.hidden());
        epochs.set(preset.epochs());
        batchSize.set(preset.batchSize());
    }

    /** Returns the plan the settings describe. @throws IllegalArgumentException saying what cannot be used */
    public ExperimentPlan plan() {
        ExperimentPlan.Kind k = kind.get();
        List<String> train = new ArrayList<>(List.of("--dataset", dataset.get(), "--model", model.get(), "--hidden",
                hidden.get().replace(" ", ""), "--epochs", Integer.toString(epochs.get()), "--batch-size",
                Integer.toString(batchSize.get()), "--limit", Integer.toString(limit.get())));
        if (constrained.get()) {
            train.add("--constrained");
        }
        return switch (k) {
            case SWEEP -> new ExperimentPlan(k, "Sensitivity sweep: " + towers.get().trim() + " on " + dataset.get(),
                    towers.get(), numbers(alphas.get(), "alpha0"), integers(heights.get()), seeds.get(), train);
            case STACK -> {
                List<Double> a = numbers(alphas.get(), "alpha0");
                List<Integer> hs = integers(heights.get());
                if (a.isEmpty() || hs.isEmpty()) {
                    throw new IllegalArgumentException("A stack needs an alpha0 and a tallest height.");
                }
                List<Integer> range = java.util.stream.IntStream.rangeClosed(0, hs.get(hs.size() - 1)).boxed().toList();
                yield new ExperimentPlan(k, "Stacking " + towers.get().trim() + " on " + dataset.get(), towers.get(),
                        List.of(a.get(0)), range, seeds.get(), train);
            }
            case COMPARE -> {
                List<org.hypertower.tower.TowerSpec> list = new ArrayList<>(Comparison.parseTowers(towers.get()));
                list.addAll(Comparison.parseTowers(Comparison.DEFAULT_BASELINES));
                yield new ExperimentPlan(k, "Towers against plain optimizers on " + dataset.get(), ExperimentPlan.join(list),
                        List.of(), List.of(), seeds.get(), train);
            }
            case TABLE1 -> new ExperimentPlan(k, "Table 1 on " + dataset.get(), towers.get(), List.of(), List.of(),
                    seeds.get(), train);
            case RIVALS -> {
                List<String> templates = RivalsSweep.parseTemplates(towers.get());
                yield new ExperimentPlan(k, "Rivals: " + (templates.isEmpty() ? "" : String.join(", ", templates) + " towers "
                        + "against ") + "learning-rate-free optimizers on " + dataset.get(), String.join("; ", templates),
                        numbers(alphas.get(), "alpha0"), integers(heights.get()), seeds.get(), train,
                        Rival.parseList(rivals.get()).stream().map(Rival::specName).toList());
            }
        };
    }

    /** Starts the experiment the settings describe in a new folder; a setting that cannot be used is said. */
    public void start() {
        if (running.get()) {
            return;
        }
        ExperimentPlan plan;
        try {
            plan = plan();
        } catch (IllegalArgumentException e) {
            message.set("The experiment cannot start: " + e.getMessage());
            return;
        }
        if (runOn.get() == RunOn.SPARK) {
            launchOnSpark(plan, null);
            return;
        }
        Path out;
        try {
            plan.requireData();
            out = newFolder(plan);
        } catch (RuntimeException | java.io.IOException e) {
            message.set("The experiment cannot start: " + e.getMessage());
            return;
        }
        launch(plan, out);
    }

    /** Makes a new folder for an experiment, named by the time and its kind, never one that exists. */
    private Path newFolder(ExperimentPlan plan) throws java.io.IOException {
        java.nio.file.Files.createDirectories(root);
        String name = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)) + "-"
                + plan.kind().name().toLowerCase(Locale.ROOT);
        for (int n = 1; ; n++) {
            Path candidate = root.resolve(n == 1 ? name : name + "-" + n);
            try {
                return java.nio.file.Files.createDirectory(candidate);
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // started twice within a second: take the next name
            }
        }
    }

    /**
     * Opens an experiment's folder: its settings fill the form, and it runs again there, which keeps
     * every finished run (so a finished experiment just shows its results, an interrupted one resumes).
     */
    public void open(Path experiment) {
        if (running.get()) {
            return;
        }
        ExperimentPlan plan;
        try {
            plan = ExperimentPlan.read(experiment);
        } catch (IllegalArgumentException e) {
            message.set(e.getMessage());
            return;
        }
        show(plan);
        if (runOn.get() == RunOn.SPARK) {
            launchOnSpark(plan, experiment);
        } else {
            launch(plan, experiment);
        }
    }

    /**
     * Stops the experiment under way: every worker is asked to stop after its current step and
     * writes its run as stopped (one that does not stop in time is killed); finished runs stay for a
     * resume. On Spark the driver is asked to stop (SIGTERM): it cancels its Spark job, and is
     * killed with every process under it if it has not ended after a grace period.
     */
    public void stop() {
        stop.request();
        SparkDriver d = driver;
        if (d != null && !d.stopRequested()) {
            d.stop();
            message.set("Stopping: Spark's job is cancelled, and its runs stop after their current step …");
        }
    }

    private void show(ExperimentPlan plan) {
        kind.set(plan.kind());
        List<String> a = plan.trainArguments();
        // what the plan leaves out is the train command's default
        hidden.set("8");
        limit.set(0);
        int d = a.indexOf("--dataset");
        batchSize.set(d < 0 || d + 1 >= a.size() || a.get(d + 1).equals("iris") ? 10 : 128);
        constrained.set(a.contains("--constrained"));
        for (int i = 0; i + 1 < a.size(); i++) {
            String v = a.get(i + 1);
            switch (a.get(i)) {
                case "--dataset" -> dataset.set(v);
                case "--model" -> model.set(v);
                case "--hidden" -> hidden.set(v);
                case "--epochs" -> epochs.set(Integer.parseInt(v));
                case "--batch-size" -> batchSize.set(Integer.parseInt(v));
                case "--limit" -> limit.set(Integer.parseInt(v));
                default -> { }
            }
        }
        seeds.set(plan.seeds());
        String text = plan.towers();
        if (plan.kind() == ExperimentPlan.Kind.COMPARE) {
            // the form holds the towers alone; the baselines are added again on start
            List<String> baselines = Comparison.parseTowers(Comparison.DEFAULT_BASELINES).stream()
                    .map(Object::toString).toList();
            text = String.join("; ", Comparison.parseTowers(text).stream().map(Object::toString)
                    .filter(t -> !baselines.contains(t)).toList());
        }
        towers.set(text);
        rivals.set(plan.rivals().size() == Rival.values().length ? "all"
                : plan.rivals().isEmpty() ? "none" : String.join(",", plan.rivals()));
        alphas.set(String.join(",", plan.alphas().stream().map(Numbers::format).toList()));
        heights.set(plan.kind() == ExperimentPlan.Kind.STACK ? Integer.toString(plan.heights().get(plan.heights().size() - 1))
                : String.join(",", plan.heights().stream().map(String::valueOf).toList()));
    }

    private void launch(ExperimentPlan plan, Path out) {
        try {
            plan.requireData();
        } catch (RuntimeException e) {
            message.set("The experiment cannot start: " + e.getMessage());
            return;
        }
        log.clear();
        done.set(0);
        total.set(plan.runCount());
        running.set(true);
        folder.set(out);
        message.set("Running " + plan.kind() + " (" + plan.runCount() + " runs) in " + out + " …");
        int processes = Math.max(1, workers.get());
        org.hypertower.experiment.StopRequest request = new org.hypertower.experiment.StopRequest();
        stop = request;
        // the workers' runs, read from their files twice a second off the FX thread
        java.util.Map<String, org.hypertower.experiment.RunProgress> watched = new java.util.concurrent.ConcurrentHashMap<>();
        int epochs = plan.epochs();
        java.util.concurrent.ScheduledExecutorService watcher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hypertower-experiment-progress");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(() -> watched.forEach((run, progress) -> {
            org.hypertower.experiment.RunProgress.Snapshot now = progress.poll();
            fxThread.execute(() -> training.stream().filter(w -> w.name().equals(run)).findFirst().ifPresent(w -> w.show(now)));
        }), 0, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
        training.clear();
        background.accept(() -> {
            String end;
            ExperimentPlan.Result r = null;
            try {
                java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
                java.util.concurrent.atomic.AtomicReference<String> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();
                r = plan.run(out, processes, new ExperimentPlan.Progress() {
                    @Override
                    public void started(String run, Path runFolder) {
                        watched.put(run, new org.hypertower.experiment.RunProgress(runFolder, epochs));
                        fxThread.execute(() -> training.add(new WorkerRun(run)));
                    }

                    @Override
                    public void finished(String run, String status, double testError, String why, boolean kept) {
                        watched.remove(run);
                        if (status.equals("failed")) {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, why);
                        }
                        String line = ExperimentPlan.Progress.line(run, status, testError, why, kept);
                        // what has finished so far, drawn as it comes rather than at the end
                        ExperimentPlan.Result partial = plan.soFar(out);
                        fxThread.execute(() -> {
                            training.removeIf(w -> w.name().equals(run));
                            done.set(done.get() + 1);
                            log.add(line);
                            if (partial != null && running.get()) {
                                result.set(partial);
                            }
                        });
                    }
                }, request);
                String after = r.report() != null ? "the report is " + r.report() + "." : r.problem() + ".";
                String first = firstFailure.get() == null || firstFailure.get().isBlank() ? "see its worker.log"
                        : "the first: " + firstFailure.get().replaceAll("[.\\s]+$", "");
                end = failed.get() > 0 ? "Done, but " + failed.get() + " of " + plan.runCount() + " runs failed (" + first
                        + "). Opening the folder again retries them; " + after
                        : r.report() != null ? "Done: " + after : "Done, but " + after;
            } catch (InterruptedException e) {
                end = "Stopped. The runs that finished are kept in " + out + "; open that folder to resume.";
            } catch (IllegalArgumentException e) {
                end = "The experiment cannot run: " + e.getMessage();
            } catch (Exception | Error e) {
                String why = String.valueOf(e.getMessage()).replaceAll("[.\\s]+$", "");
                end = "The experiment failed: " + why + ". What finished is in " + out + ".";
            }
            watcher.shutdownNow();
            ExperimentPlan.Result finished = r;
            String text = end;
            fxThread.execute(() -> {
                training.clear();
                running.set(false);
                message.set(text);
                if (finished != null) {
                    result.set(finished);
                }
            });
        });
    }

    /**
     * Runs a plan on Spark, in a new folder or ({@code existing}) resuming one: off the FX thread the
     * master is checked ({@link ClusterMaster#check}) and the command built, before any folder is
     * made; then a driver process runs the experiment's command with {@code --master}. Runs are
     * shown as the driver reports them, the result so far read from the folder; when the driver ends
     * well, the result is read from the folder as the experiment on this machine returns it.
     */
    private void launchOnSpark(ExperimentPlan plan, Path existing) {
        String url = master.get() == null ? "" : master.get().strip();
        org.hypertower.experiment.StopRequest request = new org.hypertower.experiment.StopRequest();
        stop = request;
        driver = null;
        // what the last experiment shows stays until this one starts: a master refused changes nothing else
        running.set(true);
        message.set("Checking the Spark master " + url + " …");
        background.accept(() -> {
            Path out = existing;
            boolean made = false;
            SparkDriver started;
            try {
                plan.requireData();
                String checked = ClusterMaster.check(url);
                plan.commandLine(root); // said as a command before any folder is made
                org.hypertower.experiment.DriverCommand.sparkClassPath();
                if (request.requested()) {
                    fxThread.execute(() -> {
                        running.set(false);
                        message.set("Stopped before it started; nothing was written.");
                    });
                    return;
                }
                if (out == null) {
                    out = newFolder(plan);
                    made = true;
                }
                List<String> command = new ArrayList<>(plan.commandLine(out));
                command.addAll(List.of("--master", checked));
                Path folderNow = out;
                String doing = plan.kind() + " (" + plan.runCount() + " runs) on Spark at " + checked + " in " + folderNow;
                fxThread.execute(() -> {
                    log.clear();
                    training.clear();
                    done.set(0);
                    total.set(plan.runCount());
                    folder.set(folderNow);
                    message.set("Starting Spark for " + doing + " …");
                });
                started = SparkDriver.start(command, new SparkDriver.Listener() {
                    @Override
                    public void ready() {
                        fxThread.execute(() -> {
                            if (running.get() && !request.requested()) {
                                message.set("Running " + doing + " …");
                            }
                        });
                    }

                    @Override
                    public void finished(int n, String line) {
                        // what has finished so far, read from the folder, drawn as it comes rather than at the end
                        ExperimentPlan.Result partial = plan.soFar(folderNow);
                        fxThread.execute(() -> {
                            done.set(n);
                            log.add(line);
                            if (partial != null && running.get()) {
                                result.set(partial);
                            }
                        });
                    }
                });
            } catch (RuntimeException | java.io.IOException e) {
                if (made) {
                    deleteIfEmpty(out);
                }
                String why = sparkSentence(e);
                fxThread.execute(() -> {
                    running.set(false);
                    message.set("The experiment cannot start: " + why);
                });
                return;
            }
            driver = started;
            if (request.requested()) {
                started.stop(); // Stop was pressed while the driver was starting
            }
            String end;
            ExperimentPlan.Result r = null;
            try {
                int code = started.waitFor();
                String signal = SparkDriver.signalName(code);
                if (started.stopRequested()) {
                    end = "Stopped. The runs that finished are kept in " + out + "; open that folder to resume.";
                } else if (signal != null) {
                    // ended by a signal this tab did not send (kill, a shutdown, the OOM killer): nothing failed to run
                    end = (code == SparkDriver.KILLED ? "The experiment's driver was killed (SIGKILL, which the system "
                            + "sends when memory runs out)." : "Stopped by " + signal + " from outside Hypertower.")
                            + " The runs that finished are kept in " + out + "; open that folder to resume.";
                } else if (code != 0) {
                    String why = started.lastError().isEmpty() ? "its driver ended with exit code " + code
                            : started.lastError().replaceAll("[.\\s]+$", "");
                    end = "The experiment failed on Spark: " + why + ". What finished is in " + out + ".";
                } else {
                    r = plan.report(out);
                    long failed = logLines().stream().filter(l -> l.matches("\\S+ failed\\b.*")).count();
                    String after = r.report() != null ? "the report is " + r.report() + "." : r.problem() + ".";
                    end = failed > 0 ? "Done, but " + failed + " of " + plan.runCount() + " runs failed (see their "
                            + "worker.log). Opening the folder again retries them; " + after
                            : r.report() != null ? "Done: " + after : "Done, but " + after;
                }
            } catch (InterruptedException e) {
                started.stop();
                end = "Stopped. The runs that finished are kept in " + out + "; open that folder to resume.";
            } catch (Exception | Error e) {
                String why = String.valueOf(e.getMessage()).replaceAll("[.\\s]+$", "");
                end = "The experiment failed: " + why + ". What finished is in " + out + ".";
            }
            driver = null;
            ExperimentPlan.Result finished = r;
            String text = end;
            fxThread.execute(() -> {
                running.set(false);
                message.set(text);
                if (finished != null) {
                    result.set(finished);
                }
            });
        });
    }

    /** Returns the log's lines as they stand (read off the FX thread: a copy taken on it). */
    private List<String> logLines() throws InterruptedException {
        java.util.concurrent.CompletableFuture<List<String>> copy = new java.util.concurrent.CompletableFuture<>();
        fxThread.execute(() -> copy.complete(List.copyOf(log)));
        try {
            return copy.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return List.of();
        }
    }

    /** Returns why Spark cannot be used, in the window's words rather than the command line's option. */
    private static String sparkSentence(Exception e) {
        String m = String.valueOf(e.getMessage()).strip();
        if (e instanceof java.io.IOException io && !m.startsWith("Cannot ")) {
            m = "its driver process could not start (" + org.hypertower.files.FileErrors.reason(io) + ").";
        }
        m = m.replaceFirst("^--master needs ", "Spark needs ").replaceFirst("^--master '", "the Spark master '");
        return m.endsWith(".") ? m : m + ".";
    }

    /** Removes a folder made for an experiment that never started, when nothing was written in it. */
    private static void deleteIfEmpty(Path dir) {
        try {
            java.nio.file.Files.deleteIfExists(dir);
        } catch (java.io.IOException notEmptyOrGone) {
            // something was written there: it stays
        }
    }

    private static List<Double> numbers(String text, String what) {
        try {
            return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Double::parseDouble)
                    .toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a comma-separated list of numbers.");
        }
    }

    private static List<Integer> integers(String text) {
        try {
            return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt)
                    .toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("heights '" + text + "' is not a comma-separated list of whole numbers.");
        }
    }
}
