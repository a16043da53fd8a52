package org.hypertower.tower;

/** A tower spec that cannot be used: the message names the position and the problem. */
public final class TowerSpecException extends IllegalArgumentException {

    private final int position;

    /**
     * Creates the exception.
     *
     * @param position the 1-based character position in the spec text, or 0 when the problem is
     *     not tied to one position (e.g. JSON input)
     * @param problem what is wrong and what to do, one sentence without the position
     */
    public TowerSpecException(int position, String problem) {
        super(position > 0 ? "tower spec, position " + position + ": " + problem : "tower spec: " + problem);
        this.position = position;
    }

    /** Returns the 1-based position of the problem, or 0 when not tied to one. */
    public int position() {
        return position;
    }
}
