package org.hypertower.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the values of a reference file strictly, each named by its JSON path (e.g.
 * {@code problem.batches[0][1]}) when it is missing or of the wrong kind. Jackson's own
 * {@code asDouble} and {@code asInt} read {@code "abc"} as 0, which let a malformed file replay.
 */
final class ReferenceJson {

    private ReferenceJson() {}

    /** A value that is missing, of the wrong kind or inconsistent; the message names it by its path. */
    static final class FormatException extends RuntimeException {
        FormatException(String message) {
            super(message, null, false, false);
        }
    }

    /** Returns the path of an object's member: {@code problem.features}, or {@code hyper["0.alpha"]} for other names. */
    static String member(String path, String name) {
        if (name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return path.isEmpty() ? name : path + "." + name;
        }
        return path + "[\"" + name + "\"]";
    }

    /** Returns the path of an array's element: {@code steps[3]}. */
    static String element(String path, int index) {
        return path + "[" + index + "]";
    }

    /** Returns a member that must be present (it may still be JSON null, which its reader refuses). */
    static JsonNode field(JsonNode object, String path, String name) {
        JsonNode value = object.get(name);
        if (value == null) {
            throw new FormatException(member(path, name) + " is missing");
        }
        return value;
    }

    /** Returns the node if it is an object. */
    static JsonNode object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new FormatException(path + " is " + describe(node) + ", not an object");
        }
        return node;
    }

    /** Returns the node if it is an array with at least one element. */
    static JsonNode nonEmptyArray(JsonNode node, String path, String why) {
        if (!node.isArray()) {
            throw new FormatException(path + " is " + describe(node) + ", not a list");
        }
        if (node.isEmpty()) {
            throw new FormatException(path + " is empty, but " + why);
        }
        return node;
    }

    /** Returns a text value. */
    static String text(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw new FormatException(path + " is " + describe(node) + ", not text");
        }
        return node.textValue();
    }

    /** Returns a number; NaN and infinities (written by Python for a diverged value) are numbers. */
    static double number(JsonNode node, String path) {
        if (!node.isNumber()) {
            throw new FormatException(path + " is " + describe(node) + ", not a number");
        }
        return node.doubleValue();
    }

    /** Returns a number that is finite in float32, as the model's inputs and weights must be. */
    static float finiteFloat(JsonNode node, String path) {
        double value = number(node, path);
        float f = (float) value;
        if (!Float.isFinite(f)) {
            throw new FormatException(path + " is " + describe(node)
                    + (Double.isFinite(value) ? ", beyond the range of float32" : ", not a finite number"));
        }
        return f;
    }

    /** Returns a whole number in int range. */
    static int integer(JsonNode node, String path) {
        number(node, path);
        if (!node.isIntegralNumber()) {
            throw new FormatException(path + " is " + describe(node) + ", not a whole number");
        }
        if (!node.canConvertToInt()) {
            throw new FormatException(path + " is " + describe(node) + ", far too large");
        }
        return node.intValue();
    }

    /** Returns a non-empty list of whole numbers. */
    static int[] integers(JsonNode node, String path, String why) {
        nonEmptyArray(node, path, why);
        int[] out = new int[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = integer(node.get(i), element(path, i));
        }
        return out;
    }

    /** Returns a non-empty list of finite float32 numbers. */
    static float[] floats(JsonNode node, String path) {
        nonEmptyArray(node, path, "it needs at least one value");
        float[] out = new float[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = finiteFloat(node.get(i), element(path, i));
        }
        return out;
    }

    /** Returns a non-empty matrix of finite float32 numbers whose rows all have the same length. */
    static float[][] matrix(JsonNode node, String path) {
        nonEmptyArray(node, path, "it needs at least one row");
        float[][] rows = new float[node.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = floats(node.get(i), element(path, i));
            if (rows[i].length != rows[0].length) {
                throw new FormatException(element(path, i) + " has " + rows[i].length + " values, but "
                        + element(path, 0) + " has " + rows[0].length);
            }
        }
        return rows;
    }

    /** Describes a value as a user would recognize it in the file: {@code "abc"}, {@code 1.5}, {@code null}, a list. */
    static String describe(JsonNode node) {
        if (node.isMissingNode()) {
            return "nothing";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "an object";
        }
        // asText for numbers: toString quotes NaN
        String text = node.isNumber() ? node.asText() : node.toString();
        return text.length() <= 40 ? text : text.substring(0, 36) + (node.isTextual() ? "...\"" : "...");
    }
}
