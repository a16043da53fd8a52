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

/** The View menu: Theme › Light or Dark, kept in step with the theme property both ways. */
final class ViewMenu extends MenuButton {

    ViewMenu(ObjectProperty<WorkbenchTheme> theme) {
        super("View");
        setId("view");
        setGraphic(new FontIcon(MaterialDesignT.THEME_LIGHT_DARK));
        setTooltip(new Tooltip("The window's look; it is remembered for the next start."));
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
        getItems().add(themes);
    }
}
