package org.hypertower.tower;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An immutable tower configuration: its levels, bottom first. Level 0 optimizes the model, level
 * k+1 optimizes the learned hyperparameters of level k, and the top level's hyperparameters are
 * constants.
 *
 * <p>A {@link LayerType#standalone() standalone} layer (the rivals: prodigy, dog, ...) only
 * makes a one-level tower.
 *
 * <p>Text form: levels bottom first, separated by {@code /}, e.g. {@code adam(alpha=0.01) /
 * sgd(alpha=1e-05)}; a bare number is the first argument, alpha for the tower layers ({@code sgd(0.01)}); a bare name takes every
 * default. {@link #parse} and {@link #toString} round-trip exactly. The JSON form is
 * {@code {"levels":[{"type":"adam","arguments":{"alpha":0.01}}, ...]}}.
 *
 * @param levels the levels, bottom (the model's optimizer) first
 */
public record TowerSpec(List<LayerSpec> levels) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies the levels and rejects an empty tower. */
    public TowerSpec {
        if (levels == null || levels.isEmpty()) {
            throw new TowerSpecException(0, "a tower needs at least one level, e.g. sgd(0.01).");
        }
        levels = List.copyOf(levels);
        int blamed = standaloneConflict(levels);
        if (blamed >= 0) {
            throw new TowerSpecException(0, standaloneProblem(levels, blamed));
        }
    }

    /**
     * Returns the level to blame when a {@link LayerType#standalone() standalone} layer shares the
     * tower with other levels: the level right above a standalone level 0, or the first standalone
     * level above level 0; -1 when there is no conflict.
     */
    static int standaloneConflict(List<LayerSpec> levels) {
        if (levels.size() < 2) {
            return -1;
        }
        if (levels.get(0).type().standalone()) {
            return 1;
        }
        for (int k = 1; k < levels.size(); k++) {
            if (levels.get(k).type().standalone()) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Returns the sentence refusing the conflict {@link #standaloneConflict} found at a level, e.g.
     * {@code prodigy adapts its own step size and cannot have a level above it (sgd at level 1); use it
     * alone: prodigy(d0=1e-06).}
     */
    static String standaloneProblem(List<LayerSpec> levels, int blamed) {
        boolean bottom = levels.get(0).type().standalone();
        LayerSpec rival = bottom ? levels.get(0) : levels.get(blamed);
        String name = rival.type().specName();
        String problem = bottom
                ? "cannot have a level above it (" + levels.get(blamed).type().specName() + " at level " + blamed + ")"
                : "cannot sit above another level (it is at level " + blamed + ")";
        return name + " adapts its own step size and " + problem + "; use it alone: "
                + (rival.arguments().isEmpty() ? name : rival.toString()) + ".";
    }

    /** Returns a tower of the given levels, bottom first. */
    public static TowerSpec of(LayerSpec... levels) {
        return new TowerSpec(List.of(levels));
    }

    /**
     * Parses the text form.
     *
     * @throws TowerSpecException naming the position and the problem
     */
    public static TowerSpec parse(String text) {
        return new TowerSpecParser(text).parse();
    }

    /** Returns the number of levels. */
    public int height() {
        return levels.size();
    }

    /** Returns the level at an index, 0 being the bottom. */
    public LayerSpec level(int index) {
        return levels.get(index);
    }

    /**
     * Returns the plain optimizer of the bottom level started at the effective values a run of this
     * tower ended with ({@code 0.NAME} keys, as the tower reports them; other keys are ignored):
     * the NeurIPS paper's "re-run at the learned values". Empty when a learned value is one no plain
     * optimizer starts from, such as a negative learning rate.
     */
    public java.util.Optional<TowerSpec> plainAtLearnedValues(Map<String, Double> learned) {
        LayerSpec bottom = level(0);
        for (Map.Entry<String, Double> e : learned.entrySet()) {
            if (!e.getKey().startsWith("0.")) {
                continue;
            }
            String name = e.getKey().substring(2);
            var def = bottom.type().argument(name);
            if (def.isEmpty()) {
                continue;
            }
            double v = e.getValue();
            if (!Double.isFinite(v) || !def.get().admits().test(v)) {
                return java.util.Optional.empty();
            }
            bottom = bottom.with(name, v);
        }
        return java.util.Optional.of(TowerSpec.of(bottom));
    }

    /** Returns the canonical text form. */
    @Override
    public String toString() {
        return levels.stream().map(LayerSpec::toString).collect(Collectors.joining(" / "));
    }

    /** Returns the JSON form as a tree. */
    public JsonNode toJsonNode() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode array = root.putArray("levels");
        for (LayerSpec level : levels) {
            ObjectNode node = array.addObject();
            node.put("type", level.type().specName());
            ObjectNode args = node.putObject("arguments");
            level.arguments().forEach(args::put);
            if (!level.fixed().isEmpty()) {
                ArrayNode fixed = node.putArray("fixed");
                level.fixed().forEach(fixed::add);
            }
        }
        return root;
    }

    /** Returns the JSON form as text. */
    public String toJson() {
        return toJsonNode().toString();
    }

    /**
     * Reads the JSON form.
     *
     * @throws TowerSpecException when the JSON is missing, malformed, followed by other content, or
     *     names an unknown type or argument
     */
    public static TowerSpec fromJson(String json) {
        if (json == null) {
            throw new TowerSpecException(0, "the JSON form is missing; pass {\"levels\":[...]}.");
        }
        JsonNode root;
        try {
            // exactly one JSON value: content after it is an error
            root = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TowerSpecException(0, "the JSON form is not valid JSON (" + e.getOriginalMessage() + ").");
        }
        return fromJsonNode(root);
    }

    /** Reads the JSON form from a tree. */
    public static TowerSpec fromJsonNode(JsonNode root) {
        JsonNode levels = root == null ? null : root.get("levels");
        if (levels == null || !levels.isArray()) {
            throw new TowerSpecException(0, "the JSON form needs a \"levels\" array.");
        }
        List<LayerSpec> specs = new java.util.ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            JsonNode level = levels.get(i);
            String where = "level " + i + " of the JSON form";
            JsonNode typeNode = level.get("type");
            if (typeNode == null || !typeNode.isTextual()) {
                throw new TowerSpecException(0, where + " has no \"type\"; use one of " + LayerType.specNames() + ".");
            }
            LayerType type = LayerType.bySpecName(typeNode.asText()).orElseThrow(() -> new TowerSpecException(0,
                    where + " has unknown type '" + typeNode.asText() + "'; use one of " + LayerType.specNames() + "."));
            Map<String, Double> args = new LinkedHashMap<>();
            JsonNode argsNode = level.get("arguments");
            if (argsNode != null) {
                if (!argsNode.isObject()) {
                    throw new TowerSpecException(0, where + ": \"arguments\" must be an object of numbers.");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = argsNode.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isNumber()) {
                        throw new TowerSpecException(0, where + ": argument " + e.getKey() + " must be a number.");
                    }
                    args.put(e.getKey(), e.getValue().asDouble());
                }
            }
            java.util.Set<String> fixed = new java.util.LinkedHashSet<>();
            JsonNode fixedNode = level.get("fixed");
            if (fixedNode != null) {
                if (!fixedNode.isArray()) {
                    throw new TowerSpecException(0, where + ": \"fixed\" must be an array of argument names.");
                }
                fixedNode.forEach(n -> fixed.add(n.asText()));
            }
            try {
                specs.add(new LayerSpec(type, args, fixed));
            } catch (TowerSpecException e) {
                throw new TowerSpecException(0, where + ": " + e.getMessage().substring("tower spec: ".length()));
            }
        }
        return new TowerSpec(specs);
    }
}
