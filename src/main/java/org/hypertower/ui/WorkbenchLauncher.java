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
        boolean linux = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
        boolean headlessGlass = "Monocle".equals(System.getProperty("glass.platform"));
        if (linux && !headlessGlass && isBlank(System.getenv("DISPLAY")) && isBlank(System.getenv("WAYLAND_DISPLAY"))) {
            System.err.println("hypertower: the workbench needs a desktop session and none is available (DISPLAY is not "
                    + "set); every feature also runs headless: see ./hypertower --help.");
            System.exit(2);
        }
        try {
            Application.launch(WorkbenchApp.class, args);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            System.err.println("hypertower: the workbench window could not open (" + e.getMessage() + "); on Linux JavaFX "
                    + "needs GTK 3 (apt-get install libgtk-3-0). Every feature also runs headless: see ./hypertower --help.");
            System.exit(1);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
