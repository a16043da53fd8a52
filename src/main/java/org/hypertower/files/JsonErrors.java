package org.hypertower.files;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a failure to read a JSON file into words for the user: which field, what it held and what
 * it should hold, instead of Jackson's "Cannot deserialize value of type `int` from String".
 */
public final class JsonErrors {

    private JsonErrors() {}

    /** Returns why a JSON file could not be read, in a few words without the file's name. */
    public static String reason(IOException failure) {
        if (failure instanceof JsonParseException parse) {
            return "it is not valid JSON (line " + parse.getLocation().getLineNr() + ", column "
                    + parse.getLocation().getColumnNr() + ")";
        }
        if (failure instanceof JsonMappingException mapping) {
            String field = mapping.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                    : "[" + r.getIndex() + "]").collect(Collectors.joining(".")).replace(".[", "[");
            if (mapping.getCause() instanceof IllegalArgumentException invalid && invalid.getMessage() != null) {
                return invalid.getMessage().replaceAll("\\.$", "");
            }
            if (failure instanceof UnrecognizedPropertyException unknown) {
                return "it has a field '" + unknown.getPropertyName() + "' that Hypertower does not know";
            }
            if (failure instanceof InvalidFormatException invalid) {
                return "its field '" + field + "' is '" + invalid.getValue() + "', not " + kind(invalid.getTargetType());
            }
            if (failure instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
                return field.isEmpty() ? "it holds no JSON object" : "its field '" + field + "' is not "
                        + kind(mismatched.getTargetType());
            }
            return field.isEmpty() ? "it does not have the expected fields" : "its field '" + field + "' is not valid";
        }
        if (failure instanceof JsonProcessingException) {
            return "it is not valid JSON";
        }
        return FileErrors.reason(failure);
    }

    private static String kind(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type.isEnum()) {
            Object[] values = type.getEnumConstants();
            return "one of " + java.util.Arrays.stream(values).map(Object::toString).collect(Collectors.joining(", "));
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "of the right kind";
    }
}
