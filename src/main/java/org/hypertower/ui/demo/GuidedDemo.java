package org.hypertower.ui.demo;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hypertower.playground.Kick;
import org.hypertower.ui.playground.PlaygroundViewModel;

/**
 * A ready demo for a class: a title for the Demos menu, an explanation written for students (what
 * to look at, why it happens, the update in words) and what it sets up. Choosing one runs its
 * setup on the view-models ({@link GuidedDemoModel#choose}); the window then shows its tab and the
 * explanation beside it.
 *
 * @param id a stable name, for ids and tests
 * @param title what the menu says
 * @param explanation a few short sentences for students, shown beside the demo
 * @param where the tab the demo is on
 * @param setup what choosing it sets
 */
public record GuidedDemo(String id, String title, String explanation, Where where, Consumer<Targets> setup) {

    /** The tab a demo is shown on. */
    public enum Where { PLAYGROUND, TRAINING }

    /** What a demo may set up; the Playground's model is made on first use, as its tab is. */
    public record Targets(Supplier<PlaygroundViewModel> playground) {}

    /** The steepness of the demos' valley, {@code quadratic(a=1, b=10)}: alpha above 2/b overshoots. */
    static final String VALLEY = "quadratic(a=1, b=10)";

    /** Returns the demos the menu offers, in its order. */
    public static List<GuidedDemo> catalog() {
        return List.of(TOO_SMALL, KICK, NOISY);
    }

    static final GuidedDemo TOO_SMALL = new GuidedDemo("too-small",
            "A learning rate far too small, rescued by one level above",
            "Both towers start with alpha = 0.0001, far too small for this valley. "
                    + "Tower 1 is plain SGD and keeps that alpha: after 200 steps it has hardly moved (loss 1.9). "
                    + "Tower 2 has a level above that learns alpha. After each step it compares the new gradient "
                    + "with the last one: if they point the same way, the steps were too short, so alpha grows. "
                    + "In words: new alpha = alpha + top step size × (this gradient · last gradient). "
                    + "Watch alpha climb to about 0.07 in the lower chart while tower 2 reaches the bottom.",
            Where.PLAYGROUND, t -> playground(t.playground().get(), VALLEY, 200, 0, 1e-4, 1e-3, null, 5,
                    "sgd(alpha=1e-4)", "sgd(alpha=1e-4) / sgd(alpha=1e-3)", ""));

    static final GuidedDemo KICK = new GuidedDemo("kick", "Kick alpha and watch the tower answer",
            "At step 20 alpha is multiplied by 10 in both towers. In this valley any alpha above 0.2 "
                    + "(2 divided by the steepness 10) makes every step overshoot further than the last. "
                    + "Tower 1, plain SGD, is stuck at alpha 0.3 and flies out of the valley. "
                    + "Tower 2's alpha becomes 0.36 and its path zigzags out too (the loss jumps to about 230). "
                    + "But now each gradient points against the last, their product is large and negative, "
                    + "and the level above cuts alpha: new alpha = alpha + top step size × (this gradient · last "
                    + "gradient). By step 32 alpha is below 0.2 again and the path comes back to the bottom; "
                    + "a harder kick can still be too much for it.",
            Where.PLAYGROUND, t -> playground(t.playground().get(), VALLEY, 200, 0, 0.03, 1e-4, new Kick(20, 10), 30,
                    "sgd(alpha=0.03)", "sgd(alpha=0.03) / sgd(alpha=1e-4)", ""));

    static final GuidedDemo NOISY = new GuidedDemo("noisy", "A taller tower on a noisy valley",
            "Every gradient here carries random noise, and alpha starts at 0.15: so large that each noisy step "
                    + "throws the point across the valley (tower 1, plain SGD). "
                    + "Towers 2 and 3 get the same tiny top step size, 0.000001. "
                    + "In tower 2 it moves alpha itself, so alpha hardly changes and the path bounces like tower 1's. "
                    + "In tower 3 it moves the middle level's step size, which moves alpha: alpha falls below 0.01, "
                    + "each step averages out more of the noise, and the path settles into a tight cloud at the "
                    + "bottom, its loss over the last 100 steps more than 30 times lower. "
                    + "A taller tower depends less on the step size chosen at its top.",
            Where.PLAYGROUND, t -> playground(t.playground().get(), "noisy_quadratic(a=1, b=10, sigma=1)", 400, 0,
                    0.15, 1e-6, null, 100, "sgd(alpha=0.15)", "sgd(alpha=0.15) / sgd(alpha=1e-6)",
                    "sgd(alpha=0.15) / sgd(alpha=1e-3) / sgd(alpha=1e-6)"));

    /** Sets every input of the Playground, from the start point (-1.5, 0.5); the scrubber shows tower 2. */
    private static void playground(PlaygroundViewModel model, String objective, int steps, long seed, double alpha0,
            double top, Kick kick, int scrubStep, String... towers) {
        model.objectiveProperty().set(objective);
        model.startXProperty().set(-1.5);
        model.startYProperty().set(0.5);
        for (int i = 0; i < towers.length; i++) {
            model.towerProperty(i).set(towers[i]);
        }
        model.stepsProperty().set(steps);
        model.seedProperty().set(seed);
        model.setAlpha0(alpha0);
        model.setTopStepSize(top);
        model.kickProperty().set(kick);
        model.scrubTowerProperty().set(1);
        model.scrubStepProperty().set(scrubStep);
    }
}
