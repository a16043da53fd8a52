package org.hypertower.playground;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hypertower.tower.Numbers;

/** Reads an {@link Objective}'s text form: {@code NAME(PARAM=VALUE, ...)}, every parameter named once. */
final class ObjectiveParser {

    private static final Pattern FORM = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\((.*)\\))?\\s*",
            Pattern.DOTALL);
    private static final Pattern ARGUMENT = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(\\S.*?)\\s*",
            Pattern.DOTALL);
    private static final Pattern NUMBER =
            Pattern.compile("[+-]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|(?i:inf(?:inity)?|nan))");

    /** A parameter: its name, what it admits, and the range in words. */
    private record Param(String name, DoublePredicate admits, String range) {}

    private static final DoublePredicate POSITIVE = v -> v > 0;
    private static final DoublePredicate ANY = v -> true;

    /** One kind of objective: its name, an example, its parameters in order, and how to make it. */
    private enum Kind {
        QUADRATIC("quadratic", "quadratic(a=1, b=10)", List.of(new Param("a", POSITIVE, "greater than 0"),
                new Param("b", POSITIVE, "greater than 0")), v -> new Objective.Quadratic(v[0], v[1])),
        ROSENBROCK("rosenbrock", "rosenbrock(a=1, b=100)", List.of(new Param("a", ANY, "finite"),
                new Param("b", POSITIVE, "greater than 0")), v -> new Objective.Rosenbrock(v[0], v[1])),
        SADDLE("saddle", "saddle(a=1, b=1)", List.of(new Param("a", POSITIVE, "greater than 0"),
                new Param("b", POSITIVE, "greater than 0")), v -> new Objective.Saddle(v[0], v[1])),
        NOISY_QUADRATIC("noisy_quadratic", "noisy_quadratic(a=1, b=10, sigma=0.5)", List.of(
                new Param("a", POSITIVE, "greater than 0"), new Param("b", POSITIVE, "greater than 0"),
                new Param("sigma", v -> v >= 0, "0 or more")), v -> new Objective.NoisyQuadratic(v[0], v[1], v[2]));

        final String specName;
        final String example;
        final List<Param> params;
        final Function<double[], Objective> make;

        Kind(String specName, String example, List<Param> params, Function<double[], Objective> make) {
            this.specName = specName;
            this.example = example;
            this.params = params;
            this.make = make;
        }

        String paramNames() {
            return String.join(", ", params.stream().map(Param::name).toList());
        }
    }

    private ObjectiveParser() {}

    static Objective parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ObjectiveException("The objective is empty; write one of " + examples() + ".");
        }
        Matcher form = FORM.matcher(text);
        String stripped = text.strip();
        if (!form.matches() && stripped.indexOf('(') > 0 && stripped.indexOf(')') < 0) {
            throw new ObjectiveException("'" + stripped + "' is missing its closing ')'; write NAME(PARAM=VALUE, ...), "
                    + "e.g. quadratic(a=1, b=10).");
        }
        if (!form.matches()) {
            throw new ObjectiveException("'" + text.strip() + "' is not an objective; write NAME(PARAM=VALUE, ...), "
                    + "one of " + examples() + ".");
        }
        String name = form.group(1);
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (k.specName.equals(name)) {
                kind = k;
            }
        }
        if (kind == null) {
            throw new ObjectiveException("Unknown objective '" + name + "'; use one of " + names() + ", e.g. "
                    + Kind.QUADRATIC.example + ".");
        }
        if (form.group(2) == null) {
            throw new ObjectiveException(name + " needs its parameters (" + kind.paramNames() + "), e.g. "
                    + kind.example + ".");
        }
        Map<String, Double> given = new LinkedHashMap<>();
        String body = form.group(2);
        if (!body.isBlank()) {
            for (String part : body.split(",", -1)) {
                read(kind, part, given);
            }
        }
        double[] values = new double[kind.params.size()];
        for (int i = 0; i < values.length; i++) {
            Param p = kind.params.get(i);
            Double v = given.get(p.name());
            if (v == null) {
                throw new ObjectiveException(name + " needs " + p.name() + ", e.g. " + kind.example + ".");
            }
            values[i] = v;
        }
        return kind.make.apply(values);
    }

    private static void read(Kind kind, String part, Map<String, Double> given) {
        String name = kind.specName;
        Matcher argument = ARGUMENT.matcher(part);
        if (!argument.matches()) {
            throw new ObjectiveException(part.isBlank()
                    ? name + " has an empty parameter between commas; write " + kind.example + "."
                    : "'" + part.strip() + "' in " + name + " is not PARAM=VALUE; write " + kind.example + ".");
        }
        String key = argument.group(1);
        String raw = argument.group(2);
        Param param = kind.params.stream().filter(p -> p.name().equals(key)).findFirst().orElseThrow(
                () -> new ObjectiveException(name + " has no parameter '" + key + "'; its parameters are "
                        + kind.paramNames() + "."));
        if (given.containsKey(key)) {
            throw new ObjectiveException(name + "'s " + key + " is given more than once; give it once.");
        }
        if (!NUMBER.matcher(raw).matches()) {
            throw new ObjectiveException(name + "'s " + key + " must be a number, not '" + raw + "'.");
        }
        double value = Double.parseDouble(raw.replaceAll("(?i)inf(inity)?", "Infinity").replaceAll("(?i)nan", "NaN"));
        if (!Double.isFinite(value)) {
            throw new ObjectiveException(name + "'s " + key + " must be a finite number, not " + Numbers.format(value)
                    + ".");
        }
        if (!param.admits().test(value)) {
            throw new ObjectiveException(name + "'s " + key + " must be " + param.range() + ", not "
                    + Numbers.format(value) + ".");
        }
        given.put(key, value);
    }

    private static String names() {
        return String.join(", ", java.util.Arrays.stream(Kind.values()).map(k -> k.specName).toList());
    }

    private static String examples() {
        return String.join(", ", Objective.examples());
    }
}
