package org.hypertower.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rivals' sweep: alpha0 mapped to each method's knob, its rows, and the sweep end to end on a tiny Iris grid. */
class RivalsSweepTest {

    private static final List<String> TINY_IRIS = List.of("--dataset", "iris", "--model", "paper-mlp", "--epochs", "2");

    @ParameterizedTest(name = "{0} at alpha0 {1}")
    @CsvSource({
        "dadapt_sgd, 0.01, dadapt_sgd(d0=0.01), d0",
        "dadapt_adam, 1e-06, dadapt_adam(d0=1e-06), d0",
        "prodigy, 1.0, prodigy(d0=1.0), d0",
        "dog, 1e-08, dog(reps_rel=1e-08), reps_rel",
        "schedulefree_sgd, 0.01, schedulefree_sgd(lr=0.01), lr",
        "schedulefree_adamw, 0.0001, schedulefree_adamw(lr=0.0001), lr",
        "cocob, 0.01, cocob(alpha=100.0), alpha",
        "cocob, 1e-08, cocob(alpha=100000000.0), alpha",
        "cocob, 4.0, cocob(alpha=0.25), alpha"})
    void eachRivalTakesAlpha0AsItsOwnKnob(String name, double alpha0, String spec, String knob) {
        Rival r = Rival.parseList(name).get(0);
        assertEquals(spec, r.specText(alpha0));
        assertEquals(knob, r.knob());
    }

    @Test
    void aRivalRefusesAnAlpha0ItCannotMapAndAListNamesTheUnknownRival() {
        assertEquals("The rival cocob needs an alpha0 above 0 (its alpha = 1/alpha0), not 0.0.",
                assertThrows(IllegalArgumentException.class, () -> Rival.COCOB.knobValue(0)).getMessage());
        assertEquals("Unknown rival 'adam'; use all, none or some of dadapt_sgd,dadapt_adam,prodigy,dog,schedulefree_sgd,"
                + "schedulefree_adamw,cocob.", assertThrows(IllegalArgumentException.class,
                        () -> Rival.parseList("prodigy,adam")).getMessage());
        assertEquals(7, Rival.parseList("all").size());
        assertEquals(List.of(), Rival.parseList("none"));
        assertEquals(List.of(Rival.DOG, Rival.COCOB), Rival.parseList(" dog, cocob ,dog"), "once each, in the list's order");
    }

    @Test
    void templatesSplitAtCommasOutsideParenthesesAndNameTheirRowsByHeight() {
        assertEquals(List.of("sgd", "sgd_on_steroids(mu=0.9, wd=0.1)", "adam / sgd(alpha=1e-5)"),
                RivalsSweep.parseTemplates("sgd, sgd_on_steroids(mu=0.9, wd=0.1); adam / sgd(alpha=1e-5),sgd"));
        assertEquals(List.of(), RivalsSweep.parseTemplates("none"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RivalsSweep.parseTemplates("sgd,nosuch")).getMessage()
                .startsWith("The tower template 'nosuch' is not valid: "));
        List<SweepRow> rows = RivalsSweep.rows(List.of("sgd", "adam / sgd(alpha=1e-5)"), List.of(0, 2), List.of(Rival.COCOB));
        assertEquals(List.of("sgd h=0", "sgd h=2", "t2 h=0", "t2 h=2", "cocob"), rows.stream().map(SweepRow::label).toList());
        assertEquals(List.of("sgd_h0", "sgd_h2", "t2_h0", "t2_h2", "cocob"), rows.stream().map(SweepRow::id).toList());
        assertEquals("adam(alpha=0.003) / sgd(alpha=1e-05) / sgd(alpha=1e-05)", rows.get(3).tower(0.003).toString());
        assertEquals(1 / 0.003, rows.get(4).knobValue(0.003), 1e-9);
    }

    @Test
    void aRivalsPlanSavesItsRivalsAndOtherPlansSaveNone(@TempDir Path dir) throws Exception {
        ExperimentPlan plan = new ExperimentPlan(ExperimentPlan.Kind.RIVALS, "r", "sgd; adam", List.of(1e-4, 1.0),
                List.of(0, 1, 2), 3, TINY_IRIS, List.of());
        Files.writeString(dir.resolve(ExperimentPlan.FILE), plan.toJson());
        assertEquals(plan, ExperimentPlan.read(dir));
        assertEquals(2 * 6 * 3, plan.runCount());
        assertEquals(List.of("experiment", "rivals", "--templates", "sgd; adam", "--heights", "0,1,2", "--rivals", "none",
                "--alphas", "1.0E-4,1.0", "--seeds", "3", "--dataset", "iris", "--model", "paper-mlp", "--epochs", "2",
                "--out", "out"), plan.commandLine(Path.of("out")));
        String sweep = new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "s", "sgd", List.of(0.1), List.of(0), 1, TINY_IRIS)
                .toJson();
        assertTrue(!sweep.contains("rivals"), "a sweep's experiment.json is as before: " + sweep);
        assertEquals("Only the rivals' sweep has rivals; leave them out of a " + ExperimentPlan.Kind.SWEEP + ".",
                assertThrows(IllegalArgumentException.class, () -> new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "s", "sgd",
                        List.of(0.1), List.of(0), 1, TINY_IRIS, List.of("cocob"))).getMessage());
        assertEquals("The rivals' sweep needs every alpha0 above 0 (its axis is logarithmic and cocob's alpha is 1/alpha0), "
                + "not 0.0.", assertThrows(IllegalArgumentException.class, () -> new ExperimentPlan(
                        ExperimentPlan.Kind.RIVALS, "r", "sgd", List.of(0.0, 1.0), List.of(0), 1, TINY_IRIS, List.of()))
                        .getMessage());
    }

    @Test
    void towersAloneRunEveryCellDrawALinePerMethodAndResumeNothing(@TempDir Path dir) throws Exception {
        ExperimentPlan plan = new ExperimentPlan(ExperimentPlan.Kind.RIVALS, "towers only", "sgd", List.of(0.01, 1.0),
                List.of(0, 1), 1, TINY_IRIS, List.of());
        endToEnd(plan, dir, List.of("sgd h=0", "sgd h=1"));
    }

    @Test
    void theRivalsSweepEndToEndOnATinyIrisGrid(@TempDir Path dir) throws Exception {
        ExperimentPlan plan = new ExperimentPlan(ExperimentPlan.Kind.RIVALS, "rivals", "sgd", List.of(0.01, 1.0),
                List.of(0, 1), 1, TINY_IRIS, List.of("all"));
        List<String> methods = new ArrayList<>(List.of("sgd h=0", "sgd h=1"));
        for (Rival r : Rival.values()) {
            methods.add(r.specName());
        }
        List<CSVRecord> records = endToEnd(plan, dir, methods);
        for (CSVRecord r : records) {
            double alpha0 = Double.parseDouble(r.get("alpha0"));
            double knob = Double.parseDouble(r.get("knob_value"));
            assertEquals(r.get("method").equals("cocob") ? 1 / alpha0 : alpha0, knob, 1e-9 * knob, r.toString());
        }
        CSVRecord cocob = records.stream().filter(r -> r.get("method").equals("cocob") && r.get("alpha0").equals("0.01"))
                .findFirst().orElseThrow();
        assertEquals("alpha", cocob.get("knob"));
        assertEquals("100.0", cocob.get("knob_value"));
        assertEquals("cocob(alpha=100.0)", cocob.get("tower"));
        CSVRecord prodigy = records.stream().filter(r -> r.get("method").equals("prodigy") && r.get("alpha0").equals("1.0"))
                .findFirst().orElseThrow();
        assertEquals("prodigy(d0=1.0)", prodigy.get("tower"));
    }

    /**
     * Runs a plan in a folder and checks what every rivals' sweep must give: every cell in rivals.csv
     * with each run's tower as its run.json says it trained, a line and a heatmap row per method, the
     * table; then runs it again and checks that nothing ran again.
     */
    private static List<CSVRecord> endToEnd(ExperimentPlan plan, Path dir, List<String> methods) throws Exception {
        List<String> ended = new CopyOnWriteArrayList<>();
        ExperimentPlan.Result r = plan.run(dir, 2, (run, status, error, why, kept) -> ended.add(run + " " + status + " " + why));
        int cells = methods.size() * plan.alphas().size() * plan.seeds();
        assertEquals(cells, ended.size(), ended.toString());
        assertEquals(dir.resolve("report.html"), r.report(), String.valueOf(r.problem()));
        assertEquals(methods, r.rivals().methods().stream().map(RivalsSummary.Method::name).toList());

        List<CSVRecord> records;
        try (CSVParser p = CSVParser.parse(dir.resolve(RivalsSweep.FILE), java.nio.charset.StandardCharsets.UTF_8,
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            assertEquals(RivalsSweep.HEADER, p.getHeaderNames());
            records = p.getRecords();
        }
        assertEquals(cells, records.size());
        ObjectMapper json = new ObjectMapper();
        for (CSVRecord rec : records) {
            assertEquals("completed", rec.get("status"), rec.toString() + " " + ended);
            double error = Double.parseDouble(rec.get("test_error"));
            assertTrue(error >= 0 && error <= 1, rec.toString());
            assertTrue(Long.parseLong(rec.get("steps")) > 0, rec.toString());
            Path run = dir.resolve("runs").resolve(plan.rows().stream().filter(m -> m.label().equals(rec.get("method")))
                    .findFirst().orElseThrow().id() + "_a" + rec.get("alpha0") + "_s" + rec.get("seed"));
            assertEquals(rec.get("tower"), json.readTree(run.resolve("run.json").toFile()).path("configuration")
                    .path("tower").asText(), "the tower the run trained is the one rivals.csv names");
        }
        for (String m : methods) {
            assertEquals(plan.alphas().size() * plan.seeds(), records.stream().filter(x -> x.get("method").equals(m)).count(), m);
        }

        String svg = Files.readString(dir.resolve("sensitivity.svg"));
        assertEquals(methods.size(), svg.split("<polyline ", -1).length - 1, "a line per method");
        for (String m : methods) {
            assertTrue(svg.contains(">" + m + "</text>"), "the legend names " + m);
        }
        String heat = Files.readString(dir.resolve("heatmap.svg"));
        for (String m : methods) {
            assertTrue(heat.contains(">" + m + "</text>"), "the heatmap has a row for " + m);
        }
        String html = Files.readString(dir.resolve("report.html"));
        assertEquals(methods.size(), html.split("<tr><th>", -1).length - 2, "a table row per method");

        List<String> again = new CopyOnWriteArrayList<>();
        plan.run(dir, 2, (run, status, error, why, kept) -> again.add(run + (kept ? " kept" : " ran again")));
        assertEquals(cells, again.size());
        assertTrue(again.stream().allMatch(l -> l.endsWith(" kept")), "a resume runs nothing again: " + again);
        return records;
    }
}
