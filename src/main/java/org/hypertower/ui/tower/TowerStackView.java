package org.hypertower.ui.tower;

import java.util.StringJoiner;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseDragEvent;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.hypertower.tower.LayerType;
import org.hypertower.tower.Numbers;

/**
 * The tower drawn as a stack, top level on top: drop a palette card to insert a level where it is
 * dropped, drag a level to reorder it, drag it out or press Delete to remove it, click to select.
 */
public final class TowerStackView extends VBox {

    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    private static final PseudoClass DROP_TARGET = PseudoClass.getPseudoClass("drop-target");

    private final TowerBuilderViewModel model;
    private final VBox blocks = new VBox(4);

    /** Creates the view of a model's levels. */
    public TowerStackView(TowerBuilderViewModel model) {
        this.model = model;
        setId("tower-stack");
        getStyleClass().add("tower-stack");
        setPadding(new Insets(8));
        setSpacing(6);
        setFocusTraversable(true);
        Label title = new Label("Tower (top level on top)");
        title.getStyleClass().add("section-title");
        blocks.setMinHeight(120);
        blocks.getStyleClass().add("tower-blocks");
        getChildren().addAll(title, blocks);
        model.levels().addListener((ListChangeListener<LevelModel>) c -> rebuild());
        model.selectedProperty().addListener((obs, old, now) -> rebuild());
        model.specProperty().addListener((obs, old, now) -> rebuild());
        setOnMouseDragOver(e -> pseudoClassStateChanged(DROP_TARGET, true));
        setOnMouseDragExited(e -> pseudoClassStateChanged(DROP_TARGET, false));
        setOnMouseDragReleased(this::dropped);
        setOnKeyPressed(e -> {
            if ((e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) && model.selectedProperty().get() >= 0) {
                model.remove(model.selectedProperty().get());
                e.consume();
            }
        });
        rebuild();
    }

    private void dropped(MouseDragEvent e) {
        pseudoClassStateChanged(DROP_TARGET, false);
        int index = indexAt(e.getSceneY());
        Object source = e.getGestureSource();
        if (source instanceof Block block) {
            int from = block.index();
            model.move(from, from < index ? index - 1 : index);
        } else if (source instanceof Node card && card.getUserData() instanceof LayerType type) {
            model.insert(type, index);
        }
        requestFocus();
        e.consume();
    }

    /** The level index a drop at a scene height inserts at: above a block's middle is above it. */
    private int indexAt(double sceneY) {
        int n = model.levels().size();
        int position = 0; // display position, 0 = top
        for (var node : blocks.getChildren()) {
            Bounds b = node.localToScene(node.getBoundsInLocal());
            if (sceneY > (b.getMinY() + b.getMaxY()) / 2) {
                position++;
            }
        }
        return n - position;
    }

    private void rebuild() {
        blocks.getChildren().clear();
        int n = model.levels().size();
        if (n == 0) {
            Label empty = new Label("Drop optimizers here");
            empty.getStyleClass().add("hint");
            blocks.getChildren().add(empty);
            return;
        }
        for (int k = n - 1; k >= 0; k--) {
            blocks.getChildren().add(new Block(k, model.levels().get(k)));
        }
    }

    /** One level drawn as a block: its index, its layer and its current values. */
    final class Block extends VBox {

        private final int index;

        Block(int index, LevelModel level) {
            this.index = index;
            setId("level-" + index);
            getStyleClass().add("tower-block");
            setPadding(new Insets(6, 10, 6, 10));
            pseudoClassStateChanged(SELECTED, model.selectedProperty().get() == index);
            Label name = new Label(index + "  " + level.type().specName()
                    + (index == 0 ? "   (optimizes the model)" : "   (optimizes level " + (index - 1) + ")"));
            name.getStyleClass().add("block-title");
            Label values = new Label();
            // follows the values as typed, also while one is invalid (the tower, and so this stack, stays as it was)
            values.textProperty().bind(Bindings.createStringBinding(() -> values(level), level.arguments().stream()
                    .map(ArgumentModel::textProperty).toArray(Observable[]::new)));
            values.getStyleClass().add("block-values");
            getChildren().addAll(name, values);
            setMaxWidth(Region.USE_COMPUTED_SIZE);
            setOnMouseClicked(e -> {
                model.selectedProperty().set(index);
                TowerStackView.this.requestFocus();
            });
            setOnDragDetected(e -> {
                startFullDrag();
                e.consume();
            });
            setOnMouseReleased(e -> {
                Point2D p = new Point2D(e.getSceneX(), e.getSceneY());
                Bounds stack = TowerStackView.this.localToScene(TowerStackView.this.getBoundsInLocal());
                if (e.isDragDetect() || stack.contains(p)) {
                    return;
                }
                // released outside the tower and not over the palette (which removes by itself)
                if (getScene() != null && !(e.getPickResult().getIntersectedNode() != null
                        && isInPalette(e.getPickResult().getIntersectedNode()))) {
                    model.remove(index);
                }
            });
        }

        int index() {
            return index;
        }

        private String values(LevelModel level) {
            StringJoiner j = new StringJoiner("   ");
            for (ArgumentModel a : level.arguments()) {
                String t = a.textProperty().get();
                j.add(a.def().name() + "=" + (t == null || t.isBlank() ? Numbers.format(a.def().defaultValue())
                        : t.trim()));
            }
            return j.toString();
        }
    }

    private static boolean isInPalette(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n instanceof PaletteView) {
                return true;
            }
        }
        return false;
    }
}
