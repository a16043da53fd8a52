package org.hypertower.ui;

import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignH;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

/**
 * Puts Material Design icons on the workbench's buttons and menus, found by their ids, so that the
 * views keep building only their controls. The icons are font glyphs that the theme colours like
 * the text beside them; the text and the tooltips stay.
 */
public final class WorkbenchIcons {

    private WorkbenchIcons() {}

    /** Gives the toolbar's, the settings' and the runs list's buttons their icons. */
    public static void install(WorkbenchView view) {
        set(view, "#start", MaterialDesignP.PLAY);
        set(view, "#stop", MaterialDesignS.STOP);
        set(view, "#compare", MaterialDesignC.COMPARE_HORIZONTAL);
        set(view, "#export", MaterialDesignE.EXPORT);
        set(view, "#files", MaterialDesignF.FOLDER_OPEN_OUTLINE);
        set(view, "#help", MaterialDesignH.HELP_CIRCLE_OUTLINE);
        set(view, "#download", MaterialDesignD.DOWNLOAD);
        set(view, "#remove-run", MaterialDesignD.DELETE_OUTLINE);
        set(view, "#clear-runs", MaterialDesignB.BROOM);
        if (view.lookup("#pause") instanceof Labeled pause) {
            // one icon that follows the button's text: Pause, or Resume while paused
            FontIcon icon = new FontIcon(MaterialDesignP.PAUSE);
            pause.setGraphic(icon);
            pause.textProperty().addListener((obs, old, now) ->
                    icon.setIconCode("Resume".equals(now) ? MaterialDesignP.PLAY : MaterialDesignP.PAUSE));
        }
        if (view.lookup("#export") instanceof MenuButton export) {
            items(export, MaterialDesignI.IMAGE_OUTLINE, MaterialDesignT.TABLE_ARROW_RIGHT);
        }
        if (view.lookup("#files") instanceof MenuButton files) {
            items(files, MaterialDesignC.CONTENT_SAVE_OUTLINE, MaterialDesignF.FOLDER_OPEN_OUTLINE,
                    MaterialDesignF.FILE_COG_OUTLINE, MaterialDesignH.HISTORY);
        }
    }

    /** Returns an icon for a control's graphic. */
    static FontIcon icon(Ikon code) {
        return new FontIcon(code);
    }

    private static void set(Node root, String id, Ikon code) {
        if (root.lookup(id) instanceof Labeled labeled) {
            labeled.setGraphic(icon(code));
        }
    }

    private static void items(MenuButton menu, Ikon... codes) {
        for (int i = 0; i < codes.length && i < menu.getItems().size(); i++) {
            MenuItem item = menu.getItems().get(i);
            item.setGraphic(icon(codes[i]));
        }
    }
}
