package org.hypertower.ui.tower;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import org.hypertower.tower.LayerType;

/**
 * The tower builder's undo and redo stacks. A step is the whole tower as it was, values as typed
 * (an invalid one included), so an undo gives back exactly what was there.
 */
final class TowerHistory {

    /** Steps kept; older ones are forgotten. */
    static final int LIMIT = 200;

    /** One level as typed: its layer, each argument's text and whether it is learned, in canonical order. */
    record LevelState(LayerType type, List<String> values, List<Boolean> learned) {}

    /**
     * The tower at one moment: its levels, the text form shown for it and the selected level.
     * Two snapshots hold the same tower when their levels are equal.
     */
    record Snapshot(List<LevelState> levels, String text, int selected) {

        Snapshot withSelected(int index) {
            return new Snapshot(levels, text, index);
        }
    }

    private final Deque<Snapshot> undo = new ArrayDeque<>();
    private final Deque<Snapshot> redo = new ArrayDeque<>();
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper();

    /** Records the tower as it was before a change; what was undone can no longer be redone. */
    void push(Snapshot before) {
        undo.push(before);
        if (undo.size() > LIMIT) {
            undo.removeLast();
        }
        redo.clear();
        update();
    }

    /** Returns the tower to go back to, keeping the current one for redo; null when there is none. */
    Snapshot undo(Snapshot current) {
        return move(undo, redo, current);
    }

    /** Returns the tower to go forward to, keeping the current one for undo; null when there is none. */
    Snapshot redo(Snapshot current) {
        return move(redo, undo, current);
    }

    ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    private Snapshot move(Deque<Snapshot> from, Deque<Snapshot> to, Snapshot current) {
        if (from.isEmpty()) {
            return null;
        }
        to.push(current);
        Snapshot target = from.pop();
        update();
        return target;
    }

    private void update() {
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
    }
}
