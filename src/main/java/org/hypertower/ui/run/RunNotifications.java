package org.hypertower.ui.run;

import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.geometry.Pos;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.hypertower.engine.RunStatus;

/** Shows a {@link RunNotice} as a ControlsFX notification at the corner of the workbench's window. */
public final class RunNotifications {

    private static final Logger LOG = Logger.getLogger(RunNotifications.class.getName());

    private RunNotifications() {}

    /**
     * Shows a notice; clicking it runs {@code onClick}. A window system that cannot show it (a
     * headless one) only costs the notification, which is logged.
     */
    public static void show(RunNotice notice, Window owner, Runnable onClick) {
        try {
            Notifications n = Notifications.create().title(notice.title()).text(notice.text()).position(Pos.BOTTOM_RIGHT)
                    .hideAfter(Duration.seconds(notice.status() == RunStatus.COMPLETED ? 8 : 20))
                    .onAction(e -> onClick.run());
            if (owner != null && owner.isShowing()) {
                n.owner(owner);
            }
            if (notice.status() == RunStatus.COMPLETED) {
                n.showInformation();
            } else if (notice.status() == RunStatus.DIVERGED) {
                n.showWarning();
            } else {
                n.showError();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "could not show the notification '" + notice.title() + "'", e);
        }
    }
}
