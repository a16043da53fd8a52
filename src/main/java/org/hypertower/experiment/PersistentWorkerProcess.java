package org.hypertower.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The pool's end of one persistent worker ({@code hypertower worker}): a JVM that trains the jobs
 * written on its standard input one after another and answers each with a line on its standard
 * output (see the worker's command for the protocol). What the worker prints on its standard error
 * outside a run's own log (a native library's warning, the JVM's last words) is appended to the
 * log of the run under way. Used by one pool thread at a time.
 */
final class PersistentWorkerProcess implements AutoCloseable {

    /** An answer, or the end of the worker's standard output ({@link #GONE}). */
    private static final JsonNode GONE = new ObjectMapper().createObjectNode();

    private final Process process;
    private final Writer jobs;
    private final BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
    private final Thread errorPump;
    private volatile Path log;
    private final ObjectMapper json = new ObjectMapper();

    private PersistentWorkerProcess(Process process) {
        this.process = process;
        this.jobs = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread answerReader = new Thread(this::readAnswers, "hypertower-worker-answers");
        answerReader.setDaemon(true);
        answerReader.start();
        errorPump = new Thread(this::pumpErrors, "hypertower-worker-stderr");
        errorPump.setDaemon(true);
        errorPump.start();
    }

    /** Starts a worker with a command ({@code java ... Main}) and the pool's environment settings. */
    static PersistentWorkerProcess start(List<String> javaCommand) throws IOException {
        List<String> command = new java.util.ArrayList<>(javaCommand);
        command.add("worker");
        return new PersistentWorkerProcess(WorkerCommand.builder(command).start());
    }

    /** Returns the worker's process. */
    Process process() {
        return process;
    }

    /** Returns whether the worker can take a job. */
    boolean alive() {
        return process.isAlive();
    }

    /** Sends a job: its id, its folder (prepared, holding nothing but the lock) and its {@code train} options. */
    void send(String id, Path folder, List<String> trainArguments) throws IOException {
        log = folder.resolve("worker.log");
        // there from the start, as a fresh worker's redirected output is: the worker appends to it
        Files.write(log, new byte[0]);
        ObjectNode job = json.createObjectNode();
        job.put("id", id);
        job.put("out", folder.toString());
        trainArguments.forEach(job.putArray("args")::add);
        jobs.write(json.writeValueAsString(job) + "\n");
        jobs.flush();
    }

    /**
     * How a job ended in the worker.
     *
     * @param exitCode the exit code {@code train} would have had in a process of its own
     * @param last whether the worker exits after it (stopped, or no longer sound)
     */
    record Answer(int exitCode, boolean last) {}

    /**
     * Waits up to a time for the answer to the job sent last.
     *
     * @return its answer; null when the time passed first
     * @throws WorkerGone when the worker ended before answering, with its exit code
     */
    Answer await(long timeout, TimeUnit unit) throws InterruptedException, WorkerGone {
        JsonNode answer = answers.poll(timeout, unit);
        if (answer == null) {
            return null;
        }
        if (answer == GONE) {
            answers.add(GONE);
            int code = process.waitFor();
            errorPump.join(2_000); // its last words into the run's log before anyone reads it
            throw new WorkerGone(code);
        }
        return new Answer(answer.path("exit").asInt(1), answer.path("last").asBoolean(false));
    }

    /** The worker's process ended without answering. */
    static final class WorkerGone extends Exception {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        WorkerGone(int exitCode) {
            super("the worker exited with code " + exitCode, null, false, false);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    /** Lets the worker go: closes its standard input, the end of its jobs; kills it if it does not exit in a while. */
    @Override
    public void close() {
        try {
            jobs.close();
        } catch (IOException gone) {
            // it is gone already
        }
        try {
            if (!process.waitFor(WorkerPool.STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void readAnswers() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode answer = parse(line);
                if (answer != null) {
                    answers.add(answer);
                } else {
                    appendToLog(line); // not an answer: something printed on the pipe, kept with the run
                }
            }
        } catch (IOException closed) {
            // the worker is gone
        }
        answers.add(GONE);
    }

    private JsonNode parse(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = json.readTree(line);
            return node.has("id") && node.has("exit") ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private void pumpErrors() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                appendToLog(line);
            }
        } catch (IOException closed) {
            // the worker is gone
        }
    }

    private synchronized void appendToLog(String line) {
        Path to = log;
        if (to == null) {
            return; // before its first job: nothing of a run's
        }
        try (OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the run's folder is gone or unwritable; its run reports that itself
        }
    }
}
