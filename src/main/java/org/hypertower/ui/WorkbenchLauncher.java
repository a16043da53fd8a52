package org.hypertower.ui;

import javafx.application.Application;

/**
 * Starts the workbench from the class path (a main class that is not itself an Application, as
 * JavaFX requires outside the module path).
 */
public final class WorkbenchLauncher {

    private WorkbenchLauncher() {}

    /** Opens the workbench window, or says in one sentence why it cannot. */
    public static void main(String[] args) {
        int code = open(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Opens the workbench window and returns when it has closed: 0; or says in one sentence why it
     * cannot open and returns 2 (no desktop session) or 1 (JavaFX failed).
     */
    public static int open(String[] args) {
        boolean linux = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
        boolean headlessGlass = "Monocle".equals(System.getProperty("glass.platform"));
        if (linux && !headlessGlass && isBlank(System.getenv("DISPLAY")) && isBlank(System.getenv("WAYLAND_DISPLAY"))) {
            System.err.println("hypertower: the workbench needs a desktop session and none is available (DISPLAY is not "
                    + "set); every feature also runs headless: see ./hypertower --help.");
            return 2;
        }
        try {
            Application.launch(WorkbenchApp.class, args);
            return 0;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            System.err.println("hypertower: the workbench window could not open (" + e.getMessage() + "); on Linux JavaFX "
                    + "needs GTK 3 (apt-get install libgtk-3-0). Every feature also runs headless: see ./hypertower --help.");
            return 1;
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
