package org.hypertower.tower;

/** The papers' towers, one click away in the workbench. */
public enum TowerPreset {
    SGD_SGD("SGD / SGD", "sgd(alpha=0.01) / sgd(alpha=0.01)"),
    ADAM_SGD("Adam / SGD(1e-5)", "adam(alpha=0.001) / sgd(alpha=1e-05)"),
    ADAM_ADAM("Adam / Adam", "adam(alpha=0.001) / adam(alpha=0.001)"),
    RMSPROP_SGD("RMSProp / SGD(1e-4)", "rmsprop(alpha=0.01) / sgd(alpha=0.0001)"),
    STEROIDS_SGD("SGD_ON_STEROIDS / SGD",
            "sgd_on_steroids(alpha=0.02, mu=0.5, wd=0.001, dp=0.1) / sgd(alpha=0.01)"),
    STEROIDS_3("SGD_ON_STEROIDS, 3 levels",
            "sgd_on_steroids(alpha=0.05, mu=0.9, wd=0.0001, dp=0.1) / sgd_on_steroids(alpha=0.01, mu=0.5, wd=1e-05, "
                    + "dp=0.0) / sgd(alpha=0.01)");

    private final String title;
    private final String text;

    TowerPreset(String title, String text) {
        this.title = title;
        this.text = text;
    }

    /** Returns the name shown to users. */
    public String title() {
        return title;
    }

    /** Returns the tower. */
    public TowerSpec spec() {
        return TowerSpec.parse(text);
    }

    @Override
    public String toString() {
        return title;
    }
}
