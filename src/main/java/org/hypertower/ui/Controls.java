package org.hypertower.ui;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.IntegerProperty;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.util.StringConverter;

/** Small controls the workbench's views share. */
public final class Controls {

    private Controls() {}

    /**
     * Returns an editable spinner of whole numbers kept in sync both ways with a property. Text that
     * is not a whole number in the spinner's range is not taken: the spinner shows its value again
     * and {@code say} gets one sentence naming the field ({@code what}) and the range.
     */
    public static Spinner<Integer> intSpinner(String id, String what, int min, int max, IntegerProperty value,
            double width, Consumer<String> say) {
        Spinner<Integer> s = new Spinner<>(min, max, value.get());
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(width);
        s.getValueFactory().setConverter(lenient(s, Integer::valueOf, what, say));
        s.valueProperty().addListener((obs, old, now) -> value.set(now));
        value.addListener((obs, old, now) -> s.getValueFactory().setValue(now.intValue()));
        return s;
    }

    /**
     * Returns a converter for a spinner that reads a number with a parser and, when the text is not
     * a finite number within the spinner's range, keeps the spinner's value, shows it again and says
     * why in one sentence (e.g. {@code Epochs: 'abc' is not a whole number from 1 to 100,000; it
     * stays 100.}), instead of throwing from the spinner's commit or clamping in silence.
     */
    public static <T extends Number> StringConverter<T> lenient(Spinner<T> spinner, Function<String, T> parser,
            String what, Consumer<String> say) {
        return new StringConverter<>() {
            @Override
            public String toString(T v) {
                return v == null ? "" : v.toString();
            }

            @Override
            public T fromString(String text) {
                T current = spinner.getValue();
                T read;
                try {
                    read = parser.apply(text.trim());
                } catch (RuntimeException notANumber) {
                    read = null;
                }
                Number[] range = range(spinner);
                boolean whole = current instanceof Integer;
                if (read != null && Double.isFinite(read.doubleValue()) && (range == null
                        || (read.doubleValue() >= range[0].doubleValue() && read.doubleValue() <= range[1].doubleValue()))) {
                    return read;
                }
                String kind = whole ? "a whole number" : "a number";
                String within = range == null ? "" : " from " + format(range[0]) + " to " + format(range[1]);
                say.accept(what + ": '" + text.trim() + "' is not " + kind + within + "; it stays " + toString(current)
                        + ".");
                spinner.getEditor().setText(toString(current));
                return current;
            }
        };
    }

    /**
     * Runs {@code build} once: at once when {@code value} already satisfies {@code when}, else the
     * first time it comes to. For the parts of the window that stay hidden until then (a run's
     * band, a demo's explanation), so that the window opens without building them.
     */
    public static <T> void onFirst(javafx.beans.value.ObservableValue<T> value, java.util.function.Predicate<? super T> when,
            Runnable build) {
        if (when.test(value.getValue())) {
            build.run();
            return;
        }
        value.addListener(new javafx.beans.value.ChangeListener<T>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends T> obs, T old, T now) {
                if (when.test(now)) {
                    value.removeListener(this);
                    build.run();
                }
            }
        });
    }

    private static Number[] range(Spinner<?> spinner) {
        if (spinner.getValueFactory() instanceof SpinnerValueFactory.IntegerSpinnerValueFactory f) {
            return new Number[] {f.getMin(), f.getMax()};
        }
        if (spinner.getValueFactory() instanceof SpinnerValueFactory.DoubleSpinnerValueFactory f) {
            return new Number[] {f.getMin(), f.getMax()};
        }
        return null;
    }

    private static String format(Number n) {
        return n instanceof Integer i ? String.format(Locale.ROOT, "%,d", i) : org.hypertower.tower.Numbers.format(n.doubleValue());
    }
}
