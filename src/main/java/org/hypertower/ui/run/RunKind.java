package org.hypertower.ui.run;

/** What a run of the workbench is, which decides its name and what the Compare actions may do with it. */
public enum RunKind {
    /** A tower (or a plain optimizer) started from the builder. */
    TOWER(""),
    /** A tower's bottom optimizer with its initial hyperparameters frozen, on the same seed. */
    BASELINE("baseline "),
    /** A tower's bottom optimizer started, frozen, at the values the tower learned. */
    LEARNED_RERUN("learned re-run "),
    /** A tower's bottom optimizer following, step by step, the path the tower learned (see {@code train --follow}). */
    FOLLOW("following ");

    private final String prefix;

    RunKind(String prefix) {
        this.prefix = prefix;
    }

    /** Returns what a run's name starts with: empty, {@code baseline } or {@code learned re-run }. */
    public String prefix() {
        return prefix;
    }

    /** Returns the label its folder's name starts with (after the time stamp), so a reopened run knows its kind. */
    String folderLabel() {
        return switch (this) {
            case TOWER -> "";
            case BASELINE -> "baseline ";
            case LEARNED_RERUN -> "learned ";
            case FOLLOW -> "following ";
        };
    }

    /** Returns the kind a run folder's name tells ({@code 20240101-120000-baseline_adam...}); a tower otherwise. */
    static RunKind ofFolderName(String name) {
        String label = name.replaceFirst("^\\d{8}-\\d{6}-", "");
        if (label.startsWith("baseline_")) {
            return BASELINE;
        }
        if (label.startsWith("following_")) {
            return FOLLOW;
        }
        return label.startsWith("learned_") ? LEARNED_RERUN : TOWER;
    }
}
