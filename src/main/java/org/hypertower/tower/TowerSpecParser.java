package org.hypertower.tower;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A recursive-descent parser for the tower text form; positions in errors are 1-based. */
final class TowerSpecParser {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NUMBER =
            Pattern.compile("[+-]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|(?i:inf(?:inity)?|nan))");

    private final String text;
    private int pos;

    TowerSpecParser(String text) {
        this.text = text == null ? "" : text;
    }

    TowerSpec parse() {
        skipSpaces();
        if (atEnd()) {
            throw error(pos, "the tower is empty; write at least one level, e.g. sgd(0.01).");
        }
        List<LayerSpec> levels = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        starts.add(pos);
        levels.add(level());
        skipSpaces();
        while (!atEnd()) {
            if (peek() != '/') {
                throw error(pos, "expected '/' between levels, found '" + peek() + "'.");
            }
            pos++;
            skipSpaces();
            if (atEnd()) {
                throw error(pos, "expected an optimizer after '/', found the end of the text.");
            }
            starts.add(pos);
            levels.add(level());
            skipSpaces();
        }
        int blamed = TowerSpec.standaloneConflict(levels);
        if (blamed >= 0) {
            throw error(starts.get(blamed), TowerSpec.standaloneProblem(levels, blamed));
        }
        return new TowerSpec(levels);
    }

    private LayerSpec level() {
        int start = pos;
        String name = match(NAME);
        if (name == null) {
            throw error(pos, "expected an optimizer name (" + LayerType.specNames() + "), found '" + peek() + "'.");
        }
        LayerType type = LayerType.bySpecName(name).orElseThrow(() -> error(start,
                "unknown optimizer '" + name + "'; use one of " + LayerType.specNames() + "."));
        Map<String, Double> args = new LinkedHashMap<>();
        fixed = new java.util.LinkedHashSet<>();
        skipSpaces();
        if (!atEnd() && peek() == '(') {
            pos++;
            skipSpaces();
            if (!atEnd() && peek() == ')') {
                pos++;
            } else {
                argument(type, args, true);
                skipSpaces();
                while (!atEnd() && peek() == ',') {
                    pos++;
                    skipSpaces();
                    argument(type, args, false);
                    skipSpaces();
                }
                if (atEnd()) {
                    throw error(pos, "missing ')' to close " + type.specName() + "(.");
                }
                if (peek() != ')') {
                    throw error(pos, "expected ',' or ')' in the arguments of " + type.specName() + ", found '" + peek()
                            + "'.");
                }
                pos++;
            }
        }
        return new LayerSpec(type, args, fixed);
    }

    private java.util.Set<String> fixed = new java.util.LinkedHashSet<>();

    private void argument(LayerType type, Map<String, Double> args, boolean first) {
        int start = pos;
        if (atEnd()) {
            throw error(pos, "expected an argument of " + type.specName() + ", found the end of the text.");
        }
        String name;
        char c = peek();
        if (Character.isDigit(c) || c == '.' || c == '+' || c == '-') {
            name = positional(type, start, first);
        } else {
            String word = match(NAME);
            if (word == null) {
                throw error(pos, "expected an argument name or a number in " + type.specName() + "(...), found '" + c
                        + "'.");
            }
            skipSpaces();
            boolean named = !atEnd() && peek() == '=';
            if (!named && isNonFiniteWord(word)) {
                pos = start;
                name = positional(type, start, first);
            } else if (type.argument(word).isEmpty()) {
                throw error(start, LayerSpec.unknownArgument(type, word));
            } else if (!named) {
                throw error(pos, "expected '=' after " + word + ".");
            } else {
                name = word;
                pos++;
                skipSpaces();
            }
        }
        int valueStart = pos;
        String literal = match(NUMBER);
        if (literal == null) {
            throw error(pos, "expected a number for " + name + ", found " + (atEnd() ? "the end of the text" : "'" + peek() + "'")
                    + ".");
        }
        if (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '.')) {
            throw error(valueStart, "'" + literal + peek() + "...' is not a number.");
        }
        double value = Double.parseDouble(normalize(literal));
        if (args.containsKey(name)) {
            throw error(start, type.specName() + " is given " + name + " twice.");
        }
        int afterValue = pos;
        skipSpaces();
        int wordStart = pos;
        String word = match(NAME);
        if (word != null && word.equalsIgnoreCase("fixed")) {
            String problem = LayerSpec.checkFixable(type, name);
            if (problem != null) {
                throw error(wordStart, problem);
            }
            fixed.add(name);
        } else {
            pos = afterValue; // not a marker: the caller reports what it expected here
        }
        HyperparameterDef def = type.argument(name).orElseThrow();
        String problem = LayerSpec.checkValue(type, def, value);
        if (problem != null) {
            throw error(valueStart, problem);
        }
        args.put(name, value);
    }

    /** A bare number is the layer's first argument: alpha for the tower layers, d0 for prodigy. */
    private String positional(LayerType type, int start, boolean first) {
        String name = type.arguments().get(0).name();
        if (!first) {
            String example = type.arguments().size() > 1 ? type.arguments().get(1).name() + "=..." : name + "=...";
            throw error(start, "only the first argument of " + type.specName() + " may be a bare number (" + name
                    + "); name this one, e.g. " + (type.standalone() ? example : "mu=0.9") + ".");
        }
        return name;
    }

    private static boolean isNonFiniteWord(String s) {
        return s.replaceFirst("^[+-]", "").matches("(?i)inf(inity)?|nan");
    }

    private static String normalize(String literal) {
        String unsigned = literal.replaceFirst("^[+-]", "");
        if (unsigned.matches("(?i)inf(inity)?")) {
            return literal.startsWith("-") ? "-Infinity" : "Infinity";
        }
        if (unsigned.equalsIgnoreCase("nan")) {
            return "NaN";
        }
        return literal;
    }

    private String match(Pattern pattern) {
        Matcher m = pattern.matcher(text).region(pos, text.length());
        if (!m.lookingAt()) {
            return null;
        }
        pos = m.end();
        return m.group();
    }

    private void skipSpaces() {
        while (!atEnd() && Character.isWhitespace(peek())) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return text.charAt(pos);
    }

    private TowerSpecException error(int at, String problem) {
        return new TowerSpecException(at + 1, problem);
    }
}
