package org.hypertower.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a report says what happened, also where no browser can be started. */
class ReportOpenerTest {

    @TempDir
    Path dir;

    private final List<String> shown = new ArrayList<>();
    private final List<String> copied = new ArrayList<>();
    private final List<String> said = new ArrayList<>();

    private ReportOpener opener(boolean browser, boolean linux) {
        return new ReportOpener(shown::add, copied::add, said::add, program -> browser && program.equals("firefox"), linux);
    }

    @Test
    void withoutABrowserTheReportsPathIsSaidAndCopied() throws Exception {
        Path report = Files.writeString(dir.resolve("report.html"), "<html></html>");
        opener(false, true).open(report);
        assertEquals(List.of(), shown, "nothing is handed to a browser that is not there");
        assertEquals(List.of(report.toString()), copied);
        assertEquals(List.of("No browser could be started here (none of xdg-open, google-chrome, firefox is installed); "
                + "the report is " + report + ", its path is copied to the clipboard."), said);
    }

    @Test
    void withABrowserTheReportOpensAndThatIsSaid() throws Exception {
        Path report = Files.writeString(dir.resolve("report.html"), "<html></html>");
        opener(true, true).open(report);
        opener(false, false).open(report);
        assertEquals(List.of(report.toUri().toString(), report.toUri().toString()), shown);
        assertEquals(List.of(), copied);
        assertEquals("Opened the report in the browser: " + report + ".", said.get(0));
    }

    @Test
    void aReportThatIsGoneIsSaidToBeGone() {
        Path report = dir.resolve("report.html");
        opener(true, true).open(report);
        assertEquals(List.of(), shown);
        assertEquals(List.of("The report " + report + " is not there any more; run or open the experiment again to write "
                + "it."), said);
    }
}
