package org.hypertower.ui;

import javafx.application.Application;

/**
 * Starts the workbench from the class path (a main class that is not itself an Application, as
 * JavaFX requires outside the module path).
 */
public final class WorkbenchLauncher {

    private WorkbenchLauncher() {}

    /** Opens the workbench window. */
    public static void main(String[] args) {
        Application.launch(WorkbenchApp.class, args);
    }
}
