package org.hypertower.tower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The tower text and JSON forms: parsing, canonical printing, round trips and error reports. */
class TowerSpecTest {

    private static final long SEED = 20_240_611L;
    private static final int RANDOM_TOWERS = 500;

    /** Values the random towers draw often: zeros, extremes and ones that print in odd ways. */
    private static final List<Double> SPECIAL_VALUES = List.of(0.0, -0.0, 1e-12, 3e+20, Double.MIN_VALUE,
            Double.MIN_NORMAL, 1e-300, Double.MAX_VALUE, 1.0, 0.5, 0.9, 0.999, Math.nextDown(1.0), 1e-05, 1e-4, 0.1,
            0.30000000000000004, 1e15, 1e16, 123456.789);

    private static final List<String> SPACES = List.of("", " ", "  ", "\t", "\n", " \r\n ");

    // ---------------------------------------------------------------- reference towers

    @ParameterizedTest
    @ValueSource(strings = {
        "sgd(alpha=0.1)",
        "sgd(alpha=0.03, mu=0.9)",
        "sgd(alpha=0.1) / sgd(alpha=0.01)",
        "adam(alpha=0.01) / sgd(alpha=1e-05)",
        "adam(alpha=0.01) / adam(alpha=0.001)",
        "adagrad(alpha=0.1) / sgd(alpha=0.001)",
        "rmsprop(alpha=0.01) / sgd(alpha=0.0001)",
        "sgd_on_steroids(alpha=0.02, mu=0.5, wd=0.001, dp=0.1) / sgd(alpha=0.01)",
        "sgd_on_steroids(alpha=0.05, mu=0.9, wd=0.0001, dp=0.1) / sgd_on_steroids(alpha=0.01, mu=0.5, wd=1e-05, dp=0.0)"
                + " / sgd(alpha=0.01)"
    })
    void referenceTowerPrintsBackExactly(String text) {
        assertEquals(text, TowerSpec.parse(text).toString());
    }

    @Test
    void referenceTowerHasItsLevelsBottomFirstWithTheirValues() {
        TowerSpec tower = TowerSpec.parse(
                "sgd_on_steroids(alpha=0.05, mu=0.9, wd=0.0001, dp=0.1) / sgd_on_steroids(alpha=0.01, mu=0.5, wd=1e-05,"
                        + " dp=0.0) / sgd(alpha=0.01)");

        assertEquals(3, tower.height());
        assertEquals(LayerType.SGD_ON_STEROIDS, tower.level(0).type());
        assertEquals(Map.of("alpha", 0.05, "mu", 0.9, "wd", 0.0001, "dp", 0.1), tower.level(0).arguments());
        assertEquals(Map.of("alpha", 0.01, "mu", 0.5, "wd", 1e-05, "dp", 0.0), tower.level(1).arguments());
        assertEquals(LayerType.SGD, tower.level(2).type());
        assertEquals(Map.of("alpha", 0.01), tower.level(2).arguments());
    }

    @Test
    void explicitDefaultValueIsKeptAndPrinted() {
        TowerSpec tower = TowerSpec.parse("sgd_on_steroids(dp=0.0)");

        assertEquals(Map.of("dp", 0.0), tower.level(0).arguments());
        assertEquals("sgd_on_steroids(dp=0.0)", tower.toString());
    }

    // ---------------------------------------------------------------- text form conveniences

    @Test
    void bareNumberIsAlpha() {
        assertEquals(TowerSpec.parse("sgd(alpha=0.01)"), TowerSpec.parse("sgd(0.01)"));
        assertEquals("sgd(alpha=0.01)", TowerSpec.parse("sgd(0.01)").toString());
    }

    @Test
    void bareNumberMayBeFollowedByNamedArguments() {
        assertEquals("sgd(alpha=0.03, mu=0.9)", TowerSpec.parse("sgd(0.03, mu=0.9)").toString());
    }

    @ParameterizedTest
    @EnumSource(LayerType.class)
    void bareNumberIsTheFirstArgumentForEveryLayerType(LayerType type) {
        TowerSpec tower = TowerSpec.parse(type.specName() + "(0.25)");

        // alpha for every tower layer; the rivals' first argument (d0, reps_rel, lr, alpha)
        String first = type.standalone() ? type.arguments().get(0).name() : "alpha";
        assertEquals(Map.of(first, 0.25), tower.level(0).arguments());
    }

    @Test
    void signedBareNumberIsAlpha() {
        assertEquals(Map.of("alpha", 0.5), TowerSpec.parse("sgd(+0.5)").level(0).arguments());
    }

    @ParameterizedTest
    @EnumSource(LayerType.class)
    void bareNameTakesEveryDefault(LayerType type) {
        LayerSpec level = TowerSpec.parse(type.specName()).level(0);

        assertEquals(type, level.type());
        assertEquals(Map.of(), level.arguments());
        for (HyperparameterDef def : type.arguments()) {
            assertEquals(def.defaultValue(), level.value(def.name()), def.name());
        }
    }

    @Test
    void emptyParenthesesEqualABareName() {
        assertEquals(TowerSpec.parse("adam"), TowerSpec.parse("adam()"));
        assertEquals(TowerSpec.parse("adam"), TowerSpec.parse("adam(  )"));
    }

    @Test
    void levelWithoutArgumentsPrintsEmptyParentheses() {
        assertEquals("adam() / sgd()", TowerSpec.parse("adam / sgd").toString());
        assertEquals("adam() / sgd()", TowerSpec.parse("adam() / sgd()").toString());
    }

    @Test
    void omittedArgumentsTakeTheirDefaults() {
        LayerSpec adam = TowerSpec.parse("adam(alpha=0.01)").level(0);

        assertEquals(0.01, adam.value("alpha"));
        assertEquals(0.9, adam.value("beta1"));
        assertEquals(0.999, adam.value("beta2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "adam(alpha=0.01)/sgd(alpha=1e-05)",
        "  adam(alpha=0.01) / sgd(alpha=1e-05)  ",
        "adam ( alpha = 0.01 ) / sgd ( alpha = 1e-05 )",
        "\tadam(\n alpha=0.01\n)\n/\n\tsgd( 1e-05 )\r\n",
        "adam(0.01)/sgd(1e-05)"
    })
    void whitespaceIsIgnoredAroundTokens(String text) {
        assertEquals("adam(alpha=0.01) / sgd(alpha=1e-05)", TowerSpec.parse(text).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ADAM(alpha=0.01) / SGD_ON_STEROIDS(mu=0.5)",
        "Adam(alpha=0.01) / Sgd_On_Steroids(mu=0.5)",
        "aDaM(alpha=0.01) / sGd_oN_sTeRoIdS(mu=0.5)"
    })
    void optimizerNamesAreCaseInsensitiveAndPrintInLowerCase(String text) {
        assertEquals("adam(alpha=0.01) / sgd_on_steroids(mu=0.5)", TowerSpec.parse(text).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sgd_on_steroids(dp=0.1, wd=0.001, mu=0.5, alpha=0.02)",
        "sgd_on_steroids(mu=0.5, alpha=0.02, dp=0.1, wd=0.001)",
        "sgd_on_steroids(0.02, dp=0.1, mu=0.5, wd=0.001)"
    })
    void argumentsPrintInCanonicalOrder(String text) {
        assertEquals("sgd_on_steroids(alpha=0.02, mu=0.5, wd=0.001, dp=0.1)", TowerSpec.parse(text).toString());
    }

    @Test
    void argumentOrderDoesNotAffectEquality() {
        assertEquals(TowerSpec.parse("adam(alpha=0.01, beta1=0.8, beta2=0.99)"),
                TowerSpec.parse("adam(beta2=0.99, alpha=0.01, beta1=0.8)"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("numberSpellings")
    void numbersPrintInCanonicalForm(String written, String printed) {
        assertEquals("sgd(alpha=" + printed + ")", TowerSpec.parse("sgd(alpha=" + written + ")").toString());
    }

    static Stream<Arguments> numberSpellings() {
        return Stream.of(
                Arguments.of("1e-2", "0.01"),
                Arguments.of("1E-2", "0.01"),
                Arguments.of("0.00001", "1e-05"),
                Arguments.of("1.0E-5", "1e-05"),
                Arguments.of(".5", "0.5"),
                Arguments.of("1.", "1.0"),
                Arguments.of("100", "100.0"),
                Arguments.of("1e3", "1000.0"),
                Arguments.of("+0.25", "0.25"),
                Arguments.of("0", "0.0"),
                Arguments.of("0.000", "0.0"),
                Arguments.of("3e20", "3e+20"),
                Arguments.of("1e16", "1e+16"),
                Arguments.of("1000000000000000", "1000000000000000.0"),
                Arguments.of("1e-999", "0.0"),
                Arguments.of("0.1000000000000000055511151231257827", "0.1"));
    }

    @Test
    void levelAccessorsFollowTheText() {
        TowerSpec tower = TowerSpec.parse("adam(0.01) / rmsprop_alpha / sgd_per_param(0.1)");

        assertEquals(3, tower.height());
        assertEquals(List.of(LayerType.ADAM, LayerType.RMSPROP_ALPHA, LayerType.SGD_PER_PARAM),
                tower.levels().stream().map(LayerSpec::type).toList());
    }

    @Test
    void towerBuiltInCodePrintsInCanonicalOrder() {
        Map<String, Double> args = new LinkedHashMap<>();
        args.put("beta2", 0.99);
        args.put("alpha", 0.01);
        TowerSpec tower = TowerSpec.of(new LayerSpec(LayerType.ADAM, args), LayerSpec.of(LayerType.SGD, 1e-05));

        assertEquals("adam(alpha=0.01, beta2=0.99) / sgd(alpha=1e-05)", tower.toString());
    }

    @Test
    void towerWithoutLevelsIsRefused() {
        TowerSpecException e = assertThrows(TowerSpecException.class, () -> new TowerSpec(List.of()));

        assertEquals(0, e.position());
        assertTrue(e.getMessage().contains("at least one level"), e.getMessage());
    }

    // ---------------------------------------------------------------- random towers (property based)

    /** Several hundred random towers from a fixed seed, each with its index for the report. */
    static Stream<Arguments> randomTowers() {
        Random random = new Random(SEED);
        return IntStream.range(0, RANDOM_TOWERS).mapToObj(i -> Arguments.of(i, randomTower(random)));
    }

    @ParameterizedTest(name = "tower {0}: {1}")
    @MethodSource("randomTowers")
    void randomTowerParsesBackFromItsText(int index, TowerSpec tower) {
        assertEquals(tower, TowerSpec.parse(tower.toString()));
    }

    @ParameterizedTest(name = "tower {0}: {1}")
    @MethodSource("randomTowers")
    void randomTowerTextIsAFixedPoint(int index, TowerSpec tower) {
        String text = tower.toString();

        assertEquals(text, TowerSpec.parse(text).toString());
    }

    @ParameterizedTest(name = "tower {0}: {1}")
    @MethodSource("randomTowers")
    void randomTowerParsesBackFromItsJson(int index, TowerSpec tower) {
        TowerSpec back = TowerSpec.fromJson(tower.toJson());

        assertEquals(tower, back);
        assertEquals(tower.toString(), back.toString());
    }

    @ParameterizedTest(name = "tower {0}: {1}")
    @MethodSource("randomTowers")
    void randomTowerParsesBackFromItsJsonTree(int index, TowerSpec tower) {
        assertEquals(tower, TowerSpec.fromJsonNode(tower.toJsonNode()));
    }

    @ParameterizedTest(name = "tower {0}: {1}")
    @MethodSource("randomTowers")
    void randomTowerParsesFromAnyEquivalentSpelling(int index, TowerSpec tower) {
        Random random = new Random(SEED + index);
        for (int i = 0; i < 5; i++) {
            String text = noisySpelling(tower, random);
            assertEquals(tower, TowerSpec.parse(text), () -> "parsing " + text);
        }
    }

    private static TowerSpec randomTower(Random random) {
        LayerType[] types = LayerType.values();
        int height = 1 + random.nextInt(6);
        List<LayerSpec> levels = new ArrayList<>();
        for (int i = 0; i < height; i++) {
            LayerType type = types[random.nextInt(types.length)];
            if (type.standalone() && height > 1) {
                continue; // a rival only ever makes a one-level tower
            }
            Map<String, Double> args = new LinkedHashMap<>();
            for (HyperparameterDef def : type.arguments()) {
                if (random.nextBoolean()) {
                    args.put(def.name(), randomValue(random, def));
                }
            }
            levels.add(new LayerSpec(type, args));
        }
        return levels.isEmpty() ? TowerSpec.parse("sgd") : new TowerSpec(levels);
    }

    /** Returns a random value the argument admits, of any magnitude its range allows. */
    private static double randomValue(Random random, HyperparameterDef def) {
        while (true) {
            double v = switch (random.nextInt(5)) {
                case 0 -> SPECIAL_VALUES.get(random.nextInt(SPECIAL_VALUES.size()));
                case 1 -> random.nextDouble();
                case 2 -> random.nextDouble() * Math.pow(10, random.nextInt(41) - 20);
                case 3 -> random.nextInt(1000) / Math.pow(10, random.nextInt(8));
                default -> Math.abs(Double.longBitsToDouble(random.nextLong()));
            };
            // admitted, and storable: a learned beta of 1e-20 is refused (its atanh(2b - 1) is infinite)
            if (Double.isFinite(v) && def.admits().test(v)
                    && (def.reparam() == null || Double.isFinite(def.reparam().toRaw(v)))) {
                return v;
            }
        }
    }

    /**
     * Writes the tower in a random but equivalent way: random whitespace, letter case of the names,
     * argument order, number spelling, and alpha bare or named.
     */
    private static String noisySpelling(TowerSpec tower, Random random) {
        StringBuilder sb = new StringBuilder(space(random));
        for (int i = 0; i < tower.height(); i++) {
            if (i > 0) {
                sb.append(space(random)).append('/').append(space(random));
            }
            LayerSpec level = tower.level(i);
            sb.append(randomCase(level.type().specName(), random));
            List<Map.Entry<String, Double>> args = new ArrayList<>(level.arguments().entrySet());
            Collections.shuffle(args, random);
            if (args.isEmpty()) {
                if (random.nextBoolean()) {
                    sb.append(space(random)).append('(').append(space(random)).append(')');
                }
                continue;
            }
            boolean bareAlpha = level.arguments().containsKey("alpha") && random.nextBoolean();
            if (bareAlpha) {
                args.removeIf(e -> e.getKey().equals("alpha"));
            }
            sb.append(space(random)).append('(').append(space(random));
            List<String> written = new ArrayList<>();
            if (bareAlpha) {
                written.add(spell(level.arguments().get("alpha"), random));
            }
            for (Map.Entry<String, Double> e : args) {
                written.add(e.getKey() + space(random) + '=' + space(random) + spell(e.getValue(), random));
            }
            sb.append(String.join(space(random) + ',' + space(random), written));
            sb.append(space(random)).append(')');
        }
        return sb.append(space(random)).toString();
    }

    private static String spell(double v, Random random) {
        String text = switch (random.nextInt(4)) {
            case 0 -> Numbers.format(v);
            case 1 -> Double.toString(v);
            case 2 -> v == 0 ? Numbers.format(v) : new BigDecimal(v).toString(); // BigDecimal drops -0.0's sign
            default -> String.format(Locale.ROOT, "%.17e", v);
        };
        return !text.startsWith("-") && random.nextInt(4) == 0 ? "+" + text : text;
    }

    private static String randomCase(String name, Random random) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            sb.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return sb.toString();
    }

    private static String space(Random random) {
        return SPACES.get(random.nextInt(SPACES.size()));
    }

    // ---------------------------------------------------------------- JSON form

    @Test
    void jsonFormListsLevelsBottomFirstWithTheirExplicitArguments() {
        JsonNode json = TowerSpec.parse("adam(alpha=0.01) / sgd").toJsonNode();

        JsonNode levels = json.get("levels");
        assertEquals(2, levels.size());
        assertEquals("adam", levels.get(0).get("type").asText());
        assertEquals(0.01, levels.get(0).get("arguments").get("alpha").asDouble());
        assertEquals(1, levels.get(0).get("arguments").size());
        assertEquals("sgd", levels.get(1).get("type").asText());
        assertEquals(0, levels.get(1).get("arguments").size());
    }

    @Test
    void jsonWithoutArgumentsTakesDefaults() {
        TowerSpec tower = TowerSpec.fromJson("{\"levels\":[{\"type\":\"adam\"},{\"type\":\"sgd\",\"arguments\":{}}]}");

        assertEquals("adam() / sgd()", tower.toString());
    }

    @Test
    void jsonIntegerArgumentIsADouble() {
        TowerSpec tower = TowerSpec.fromJson("{\"levels\":[{\"type\":\"sgd\",\"arguments\":{\"alpha\":1}}]}");

        assertEquals("sgd(alpha=1.0)", tower.toString());
    }

    @Test
    void jsonArgumentsPrintInCanonicalOrder() {
        TowerSpec tower = TowerSpec.fromJson(
                "{\"levels\":[{\"type\":\"sgd\",\"arguments\":{\"mu\":0.9,\"alpha\":0.03}}]}");

        assertEquals("sgd(alpha=0.03, mu=0.9)", tower.toString());
    }

    @Test
    void jsonFollowedOnlyByWhitespaceIsAccepted() {
        TowerSpec tower = TowerSpec.fromJson(" {\"levels\":[{\"type\":\"sgd\"}]} \n\t");

        assertEquals("sgd()", tower.toString());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("malformedJson")
    void malformedJsonIsRefusedWithAHelpfulMessage(String json, String fragment) {
        TowerSpecException e = assertThrows(TowerSpecException.class, () -> TowerSpec.fromJson(json));

        assertEquals(0, e.position(), e.getMessage());
        assertTrue(e.getMessage().startsWith("tower spec: "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' should contain '" + fragment + "'");
    }

    static Stream<Arguments> malformedJson() {
        return Stream.of(
                Arguments.of("not json", "not valid JSON"),
                Arguments.of("{\"levels\":[", "not valid JSON"),
                Arguments.of("{levels: []}", "not valid JSON"),
                Arguments.of(null, "the JSON form is missing"),
                Arguments.of("{\"levels\":[{\"type\":\"sgd\"}]} garbage", "not valid JSON"),
                Arguments.of("{\"levels\":[{\"type\":\"sgd\"}]} {}", "not valid JSON"),
                Arguments.of("{\"levels\":[{\"type\":\"sgd\"}]}]", "not valid JSON"),
                Arguments.of("", "needs a \"levels\" array"),
                Arguments.of("{}", "needs a \"levels\" array"),
                Arguments.of("[]", "needs a \"levels\" array"),
                Arguments.of("{\"levels\":{}}", "needs a \"levels\" array"),
                Arguments.of("{\"levels\":\"sgd(0.1)\"}", "needs a \"levels\" array"),
                Arguments.of("{\"levels\":[]}", "at least one level"),
                Arguments.of("{\"levels\":[{\"arguments\":{}}]}", "level 0 of the JSON form has no \"type\""),
                Arguments.of("{\"levels\":[{\"type\":3}]}", "has no \"type\""),
                Arguments.of("{\"levels\":[3]}", "has no \"type\""),
                Arguments.of("{\"levels\":[{\"type\":\"adamw\"}]}", "unknown type 'adamw'; use one of sgd,"),
                Arguments.of("{\"levels\":[{\"type\":\"sgd\"},{\"type\":\"nope\"}]}",
                        "level 1 of the JSON form has unknown type 'nope'"),
                Arguments.of("{\"levels\":[{\"type\":\"sgd\",\"arguments\":[0.1]}]}", "\"arguments\" must be an object"),
                Arguments.of("{\"levels\":[{\"type\":\"sgd\",\"arguments\":{\"alpha\":\"0.1\"}}]}",
                        "argument alpha must be a number"),
                Arguments.of("{\"levels\":[{\"type\":\"sgd\",\"arguments\":{\"alpha\":null}}]}",
                        "argument alpha must be a number"),
                Arguments.of("{\"levels\":[{\"type\":\"sgd\",\"arguments\":{\"alpha\":true}}]}",
                        "argument alpha must be a number"),
                Arguments.of("{\"levels\":[{\"type\":\"sgd\",\"arguments\":{\"beta\":0.1}}]}",
                        "sgd has no argument 'beta'; it accepts alpha, mu."),
                Arguments.of("{\"levels\":[{\"type\":\"sgd\",\"arguments\":{\"alpha\":-0.1}}]}",
                        "level 0 of the JSON form: sgd alpha must be >= 0, not -0.1."),
                Arguments.of("{\"levels\":[{\"type\":\"sgd\"},{\"type\":\"adam\",\"arguments\":{\"beta1\":1}}]}",
                        "level 1 of the JSON form: adam beta1 must be in (0, 1), not 1.0."),
                Arguments.of("{\"levels\":[{\"type\":\"sgd_on_steroids\",\"arguments\":{\"dp\":1.5}}]}",
                        "sgd_on_steroids dp must be in [0, 1], not 1.5."),
                Arguments.of("{\"levels\":[{\"type\":\"sgd\",\"arguments\":{\"alpha\":1e400}}]}",
                        "sgd alpha must be a finite number, not inf."));
    }

    // ---------------------------------------------------------------- malformed text

    @ParameterizedTest(name = "[{index}] \"{0}\" at {1}")
    @MethodSource("malformedText")
    void malformedTextIsRefusedAtItsPosition(String text, int position, String fragment) {
        TowerSpecException e = assertThrows(TowerSpecException.class, () -> TowerSpec.parse(text));

        assertEquals(position, e.position(), e.getMessage());
        assertTrue(e.getMessage().startsWith("tower spec, position " + position + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' should contain '" + fragment + "'");
    }

    static Stream<Arguments> malformedText() {
        return Stream.of(
                // empty or blank
                Arguments.of("", 1, "the tower is empty"),
                Arguments.of("   ", 4, "the tower is empty"),
                Arguments.of("\t\n", 3, "the tower is empty"),
                // names
                Arguments.of("sgdx(0.1)", 1, "unknown optimizer 'sgdx'; use one of sgd, sgd_on_steroids, adam,"),
                Arguments.of("adam(0.01) / adamw(0.01)", 14, "unknown optimizer 'adamw'"),
                Arguments.of("1e-3", 1, "expected an optimizer name (sgd, sgd_on_steroids"),
                Arguments.of("(0.1)", 1, "expected an optimizer name"),
                Arguments.of("sgd(0.1) / (0.2)", 12, "expected an optimizer name"),
                // arguments
                Arguments.of("sgd(beta=0.1)", 5, "sgd has no argument 'beta'; it accepts alpha, mu."),
                Arguments.of("adam(alpha=0.01, mu=0.9)", 18, "adam has no argument 'mu'"),
                Arguments.of("adagrad(mu=0.9)", 9, "adagrad has no argument 'mu'; it accepts alpha."),
                Arguments.of("sgd_per_param(gamma=0.5)", 15, "sgd_per_param has no argument 'gamma'"),
                Arguments.of("sgd(alpha=0.1, alpha=0.2)", 16, "sgd is given alpha twice"),
                Arguments.of("sgd(0.1, alpha=0.2)", 10, "sgd is given alpha twice"),
                Arguments.of("adam(beta1=0.8, beta1=0.8)", 17, "adam is given beta1 twice"),
                Arguments.of("sgd(alpha 0.1)", 11, "expected '=' after alpha"),
                Arguments.of("sgd(mu)", 7, "expected '=' after mu"),
                Arguments.of("sgd(0.1, 0.2)", 10, "only the first argument of sgd may be a bare number"),
                Arguments.of("sgd(mu=0.5, 0.1)", 13, "only the first argument of sgd may be a bare number"),
                Arguments.of("sgd(0.1, inf)", 10, "only the first argument"),
                // values out of range
                Arguments.of("sgd(alpha=-0.1)", 11, "sgd alpha must be >= 0, not -0.1."),
                Arguments.of("sgd(-0.5)", 5, "sgd alpha must be >= 0, not -0.5."),
                Arguments.of("adam(beta1=1)", 12, "adam beta1 must be in (0, 1), not 1.0."),
                Arguments.of("adam(beta1=0)", 12, "adam beta1 must be in (0, 1), not 0.0."),
                Arguments.of("adam(beta2=1.5)", 12, "adam beta2 must be in (0, 1), not 1.5."),
                // 2 * 1e-17 - 1 rounds to -1: the stored atanh(2b - 1) would be infinite, and the level above
                // would turn it into NaN at its first update, blamed on its own alpha
                Arguments.of("adam(beta2=1e-17) / sgd(1e-5)", 12, "adam beta2 = 1e-17 is too close to 0 or 1 to be stored "
                        + "(as atanh(2b - 1)); use a value between 1e-15 and 1 - 1e-15."),
                Arguments.of("rmsprop(gamma=0.99999999999999999)", 15, "rmsprop gamma must be in (0, 1), not 1.0."),
                Arguments.of("adam_baydin(beta2=0)", 19, "adam_baydin beta2 must be in (0, 1), not 0.0."),
                Arguments.of("sgd(mu=1)", 8, "sgd mu must be in [0, 1), not 1.0."),
                Arguments.of("sgd(mu=-0.1)", 8, "sgd mu must be in [0, 1), not -0.1."),
                Arguments.of("sgd_on_steroids(dp=1.5)", 20, "sgd_on_steroids dp must be in [0, 1], not 1.5."),
                Arguments.of("sgd_on_steroids(wd=-1e-3)", 20, "sgd_on_steroids wd must be >= 0, not -0.001."),
                Arguments.of("rmsprop(gamma=1)", 15, "rmsprop gamma must be in (0, 1), not 1.0."),
                Arguments.of("adam(0.01) / sgd(mu=1.0) / sgd", 21, "sgd mu must be in [0, 1), not 1.0."),
                // non-finite values
                Arguments.of("sgd(nan)", 5, "sgd alpha must be a finite number, not nan."),
                Arguments.of("sgd(alpha=NaN)", 11, "must be a finite number, not nan."),
                Arguments.of("sgd(alpha=inf)", 11, "must be a finite number, not inf."),
                Arguments.of("sgd(alpha=-inf)", 11, "must be a finite number, not -inf."),
                Arguments.of("sgd(Infinity)", 5, "must be a finite number, not inf."),
                Arguments.of("sgd(alpha=1e999)", 11, "must be a finite number, not inf."),
                // malformed numbers
                Arguments.of("sgd(0.01x)", 5, "'0.01x...' is not a number."),
                Arguments.of("sgd(alpha=1e)", 11, "'1e...' is not a number."),
                Arguments.of("sgd(alpha=1.2.3)", 11, "is not a number."),
                Arguments.of("sgd(alpha=0x10)", 11, "'0x...' is not a number."),
                Arguments.of("sgd(alpha=infx)", 11, "'infx...' is not a number."),
                Arguments.of("sgd(alpha=)", 11, "expected a number for alpha, found ')'."),
                Arguments.of("sgd(alpha==0.1)", 11, "expected a number for alpha, found '='."),
                Arguments.of("sgd(alpha=", 11, "expected a number for alpha, found the end of the text."),
                Arguments.of("sgd(+)", 5, "expected a number for alpha, found '+'."),
                // parentheses and commas
                Arguments.of("sgd(", 5, "expected an argument of sgd, found the end of the text."),
                Arguments.of("sgd(  ", 7, "expected an argument of sgd, found the end of the text."),
                Arguments.of("sgd(alpha=0.1", 14, "missing ')' to close sgd(."),
                Arguments.of("sgd(alpha=0.1, mu=0.9", 22, "missing ')' to close sgd(."),
                Arguments.of("adam(0.01) / sgd(0.1 ", 22, "missing ')' to close sgd(."),
                Arguments.of("sgd(alpha=0.1 mu=0.5)", 15, "expected ',' or ')' in the arguments of sgd, found 'm'."),
                Arguments.of("sgd(alpha=0.1; mu=0.5)", 14, "expected ',' or ')' in the arguments of sgd, found ';'."),
                Arguments.of("sgd(alpha=0.1,)", 15, "expected an argument name or a number in sgd(...), found ')'."),
                Arguments.of("sgd(,)", 5, "expected an argument name or a number in sgd(...), found ','."),
                Arguments.of("sgd(alpha=0.1,,mu=0.5)", 15, "found ','."),
                Arguments.of("sgd(@)", 5, "expected an argument name or a number in sgd(...), found '@'."),
                // level separators
                Arguments.of("sgd(alpha=0.1) /", 17, "expected an optimizer after '/', found the end of the text."),
                Arguments.of("sgd /  ", 8, "expected an optimizer after '/'"),
                Arguments.of("/ sgd", 1, "expected an optimizer name (sgd, sgd_on_steroids, adam, adam_baydin, adagrad,"
                        + " rmsprop, rmsprop_alpha, sgd_per_param, dadapt_sgd, dadapt_adam, prodigy, dog, schedulefree_sgd,"
                        + " schedulefree_adamw, cocob), found '/'."),
                Arguments.of("sgd // adam", 6, "expected an optimizer name"),
                Arguments.of("sgd(0.1) x adam", 10, "expected '/' between levels, found 'x'."),
                Arguments.of("sgd(0.1) adam", 10, "expected '/' between levels, found 'a'."),
                Arguments.of("sgd(0.1), adam", 9, "expected '/' between levels, found ','."),
                Arguments.of("sgd(alpha=0.1))", 15, "expected '/' between levels, found ')'."),
                Arguments.of("sgd.adam", 4, "expected '/' between levels, found '.'."));
    }

    @Test
    void malformedTextTableHasAtLeastFortyRows() {
        assertTrue(malformedText().count() >= 40);
    }

    @Test
    void nullTextIsAnEmptyTower() {
        TowerSpecException e = assertThrows(TowerSpecException.class, () -> TowerSpec.parse(null));

        assertEquals(1, e.position());
        assertTrue(e.getMessage().contains("the tower is empty"), e.getMessage());
    }
}
