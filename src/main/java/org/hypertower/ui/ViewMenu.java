package org.hypertower.ui;

import javafx.beans.property.ObjectProperty;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;
import org.kordamp.ikonli.materialdesign2.MaterialDesignW;

/**
 * The View menu: Theme › Light or Dark, kept in step with the theme property both ways, and demo
 * mode for a projector (also in the Help menu, beside the shortcuts).
 */
final class ViewMenu extends MenuButton {

    ViewMenu(ObjectProperty<WorkbenchTheme> theme, org.hypertower.ui.demo.DemoViewModel demo) {
        super("View");
        setId("view");
        setGraphic(new FontIcon(MaterialDesignT.THEME_LIGHT_DARK));
        setTooltip(new Tooltip("The window's look and demo mode; both are remembered for the next start."));
        ToggleGroup group = new ToggleGroup();
        RadioMenuItem light = new RadioMenuItem("Light");
        light.setId("theme-light");
        light.setGraphic(new FontIcon(MaterialDesignW.WHITE_BALANCE_SUNNY));
        RadioMenuItem dark = new RadioMenuItem("Dark");
        dark.setId("theme-dark");
        dark.setGraphic(new FontIcon(MaterialDesignW.WEATHER_NIGHT));
        light.setToggleGroup(group);
        dark.setToggleGroup(group);
        light.setOnAction(e -> theme.set(WorkbenchTheme.LIGHT));
        dark.setOnAction(e -> theme.set(WorkbenchTheme.DARK));
        Runnable show = () -> group.selectToggle(theme.get() == WorkbenchTheme.DARK ? dark : light);
        theme.addListener(obs -> show.run());
        show.run();
        Menu themes = new Menu("Theme", null, light, dark);
        themes.setId("theme-menu");
        javafx.scene.control.MenuItem demoItem = org.hypertower.ui.demo.DemoMode.menuItem(demo);
        demoItem.setId("view-demo-mode");
        // Theme last: a pointer going from it into its submenu crosses no other item
        getItems().addAll(demoItem, new javafx.scene.control.SeparatorMenuItem(), themes);
    }
}
