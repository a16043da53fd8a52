package org.hypertower.ui.tower;

import java.util.regex.Pattern;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.hypertower.tower.LayerType;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

/**
 * Every optimizer layer as a card to drag into the tower (a full press-drag-release gesture, so it
 * works the same in every windowing system and headless): its name, its description and its update
 * rule, one equation a line, as the layer itself states them. A level dropped back here is removed.
 */
public final class PaletteView extends VBox {

    /** The equations of a layer's formula are separated by a comma and two spaces. */
    private static final Pattern EQUATIONS = Pattern.compile(",\\s{2,}");

    /** Creates the palette; removing a dropped level goes through the model. */
    public PaletteView(TowerBuilderViewModel model) {
        getStyleClass().add("palette");
        setSpacing(4);
        setPadding(new Insets(8));
        Label title = new Label("Optimizers");
        title.getStyleClass().add("section-title");
        getChildren().add(title);
        for (LayerType type : LayerType.values()) {
            if (!type.standalone()) {
                getChildren().add(card(type));
            }
        }
        Label hint = new Label("Drag into the tower. Drag a level here, or press Delete, to remove it.");
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        getChildren().add(hint);
        // the rivals adapt their own step size: each is a whole tower of one level, so they come after the hint
        Label rivals = new Label("Rivals (alone only)");
        rivals.getStyleClass().add("section-title");
        getChildren().add(rivals);
        for (LayerType type : LayerType.values()) {
            if (type.standalone()) {
                getChildren().add(card(type));
            }
        }
        setOnMouseDragReleased(e -> {
            if (e.getGestureSource() instanceof TowerStackView.Block block) {
                model.remove(block.index());
                e.consume();
            }
        });
    }

    /**
     * Returns a layer's formula with each equation on its own line, the spaces inside parentheses
     * made non-breaking so that a long equation wraps between its terms, not inside one.
     */
    static String formulaLines(LayerType type) {
        StringBuilder lines = new StringBuilder();
        int depth = 0;
        for (String equation : EQUATIONS.split(type.formula())) {
            if (!lines.isEmpty()) {
                lines.append('\n');
            }
            for (char c : equation.toCharArray()) {
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                lines.append(c == ' ' && depth > 0 ? '\u00A0' : c);
            }
        }
        return lines.toString();
    }

    /** A layer family's icon: descent, a rocket for the souped-up SGD, Adam's moments, AdaGrad's sum, RMSProp's root. */
    static Ikon icon(LayerType type) {
        return switch (type) {
            case SGD -> MaterialDesignS.SLOPE_DOWNHILL;
            case SGD_ON_STEROIDS -> MaterialDesignR.ROCKET_LAUNCH_OUTLINE;
            case ADAM, ADAM_BAYDIN -> MaterialDesignC.CHART_BELL_CURVE;
            case ADAGRAD -> MaterialDesignS.SIGMA;
            case RMSPROP, RMSPROP_ALPHA -> MaterialDesignS.SQUARE_ROOT;
            case SGD_PER_PARAM -> MaterialDesignT.TUNE_VARIANT;
            case DADAPT_SGD, DADAPT_ADAM, PRODIGY -> MaterialDesignR.RULER;
            case DOG -> MaterialDesignD.DOG_SIDE;
            case SCHEDULEFREE_SGD, SCHEDULEFREE_ADAMW -> MaterialDesignC.CALENDAR_REMOVE_OUTLINE;
            case COCOB -> MaterialDesignC.CASH_MULTIPLE;
        };
    }

    /**
     * Returns the line spacing that pitches a formula's lines at 1.15 times its font size where the
     * monospace font found has taller lines of its own: DejaVu Sans Mono's are about 1.16 em, but
     * Noto Sans Mono's (which some desktops use for {@code monospace}) about 1.36 em, which pushed the
     * last palette cards out of view. Never more than the font's own (0 or less).
     */
    static double formulaLineSpacing(javafx.scene.text.Font font) {
        javafx.scene.text.Text probe = new javafx.scene.text.Text("Mg");
        probe.setFont(font);
        double own = probe.getLayoutBounds().getHeight();
        return Math.min(0, 1.15 * font.getSize() - own);
    }

    private VBox card(LayerType type) {
        Label name = new Label(type.specName(), new FontIcon(icon(type)));
        name.getStyleClass().add("card-name");
        Label description = new Label(type.description());
        description.getStyleClass().add("card-description");
        description.setTextOverrun(OverrunStyle.ELLIPSIS); // one line; the tooltip has all of it
        Label formula = new Label(formulaLines(type));
        formula.getStyleClass().add("card-formula");
        formula.setWrapText(true);
        // the stylesheet gives the font; its lines are pitched here (see formulaLineSpacing)
        formula.fontProperty().addListener((o, was, font) -> formula.setLineSpacing(formulaLineSpacing(font)));
        formula.setLineSpacing(formulaLineSpacing(formula.getFont()));
        VBox card = new VBox(0, name, description, formula);
        card.setId("palette-" + type.specName());
        card.getStyleClass().add("palette-card");
        card.setMaxWidth(Double.MAX_VALUE);
        card.setUserData(type);
        Tooltip tip = new Tooltip(type.description() + "\n" + formulaLines(type));
        tip.setShowDelay(Duration.millis(300));
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        Tooltip.install(card, tip);
        card.setOnDragDetected(e -> {
            card.startFullDrag();
            e.consume();
        });
        return card;
    }
}
