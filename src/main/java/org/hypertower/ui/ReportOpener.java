package org.hypertower.ui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Opens an experiment's report in the desktop's browser, and says what happened: JavaFX hands the
 * file to the first browser program it finds and does nothing at all when there is none (a bare
 * Linux machine, a server reached over X), so without one the user is told where the report is,
 * and its path is copied to the clipboard.
 */
final class ReportOpener {

    /** What JavaFX tries on Linux to show a document, in its order. */
    static final List<String> LINUX_BROWSERS = List.of("xdg-open", "google-chrome", "firefox", "opera", "konqueror",
            "mozilla");

    private final Consumer<String> showDocument;
    private final Consumer<String> copy;
    private final Consumer<String> say;
    private final Predicate<String> onPath;
    private final boolean linux;

    /**
     * @param showDocument hands a URI to the desktop (HostServices.showDocument)
     * @param copy puts a text on the clipboard
     * @param say shows a sentence to the user
     * @param onPath whether a program of a name is on the PATH
     * @param linux whether this is a Linux desktop (elsewhere the system always has a browser)
     */
    ReportOpener(Consumer<String> showDocument, Consumer<String> copy, Consumer<String> say, Predicate<String> onPath,
            boolean linux) {
        this.showDocument = showDocument;
        this.copy = copy;
        this.say = say;
        this.onPath = onPath;
        this.linux = linux;
    }

    /** An opener for this machine. */
    static ReportOpener forThisMachine(Consumer<String> showDocument, Consumer<String> copy, Consumer<String> say) {
        return new ReportOpener(showDocument, copy, say, ReportOpener::onPath,
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux"));
    }

    /** Opens a report, or says where it is. */
    void open(Path report) {
        if (!Files.isRegularFile(report)) {
            say.accept("The report " + report + " is not there any more; run or open the experiment again to write it.");
            return;
        }
        if (linux && LINUX_BROWSERS.stream().noneMatch(onPath)) {
            copy.accept(report.toString());
            say.accept("No browser could be started here (none of " + String.join(", ", LINUX_BROWSERS.subList(0, 3))
                    + " is installed); the report is " + report + ", its path is copied to the clipboard.");
            return;
        }
        showDocument.accept(report.toUri().toString());
        say.accept("Opened the report in the browser: " + report + ".");
    }

    /** Returns whether an executable of a name is in a folder of the PATH. */
    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String folder : path.split(File.pathSeparator)) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, program))) {
                return true;
            }
        }
        return false;
    }
}
