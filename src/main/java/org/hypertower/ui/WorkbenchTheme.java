package org.hypertower.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import org.hypertower.ui.charts.ChartTheme;

/**
 * The workbench's two looks: AtlantaFX's Primer Light and Primer Dark as the user-agent stylesheet,
 * the workbench's own stylesheets on top using the theme's looked-up colours, and the charts'
 * canvas colours, which CSS does not reach. The root carries the style class {@code dark} on the
 * dark theme, for the few rules that differ (the experiments' series colours).
 */
public enum WorkbenchTheme {
    LIGHT("light", new PrimerLight().getUserAgentStylesheet(), ChartTheme.LIGHT),
    DARK("dark", new PrimerDark().getUserAgentStylesheet(), ChartTheme.DARK);

    private final String key;
    private final String stylesheet;
    private final ChartTheme charts;

    WorkbenchTheme(String key, String stylesheet, ChartTheme charts) {
        this.key = key;
        this.stylesheet = stylesheet;
        this.charts = charts;
    }

    /** Returns the name the preferences store ({@code light} or {@code dark}). */
    public String key() {
        return key;
    }

    /** Returns the charts' colours in this theme. */
    public ChartTheme charts() {
        return charts;
    }

    /** Returns the theme of a stored name; anything but {@code dark} is light. */
    public static WorkbenchTheme named(String name) {
        return "dark".equals(name) ? DARK : LIGHT;
    }

    /**
     * Applies the theme to the application (the user-agent stylesheet is one for all windows,
     * dialogs included) and to the workbench's view; call on the FX thread.
     */
    public void apply(WorkbenchView view) {
        Application.setUserAgentStylesheet(stylesheet);
        view.getStyleClass().remove("dark");
        if (this == DARK) {
            view.getStyleClass().add("dark");
        }
        view.charts().setTheme(charts);
    }

    /** Applies only the user-agent stylesheet (windows shown without the workbench, e.g. in tests). */
    public void applyStylesheet() {
        Application.setUserAgentStylesheet(stylesheet);
    }
}
