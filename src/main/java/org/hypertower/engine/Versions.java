package org.hypertower.engine;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The software versions a run records in its manifest. */
public final class Versions {

    private Versions() {}

    /** Returns Hypertower's version. */
    public static String hypertower() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/hypertower.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }

    /** Returns Hypertower, DJL, engine and Java versions by name. */
    public static Map<String, String> all() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("hypertower", hypertower());
        v.put("djl", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        v.put("engine", engine.getEngineName() + " " + engine.getVersion());
        v.put("java", System.getProperty("java.version"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return v;
    }
}
