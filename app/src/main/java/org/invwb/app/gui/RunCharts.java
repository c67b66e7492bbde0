package org.invwb.app.gui;

import org.invwb.app.notes.ScalarNames;
import java.util.List;
import org.invwb.core.run.Progress;
import org.invwb.visualizers.LiveChart;

/**
 * A run's two charts as the Live panel draws them: the objective and its terms on a log scale (counters
 * such as a timestep or a stage on a linear axis at its right, when the run reports any), and image
 * quality (PSNR left, SSIM right). The Live panel fills them as the run goes; exports of a stored
 * run fill fresh ones from its events, so a chart saved from either panel looks the same.
 */
final class RunCharts {

    private final LiveChart objective = new LiveChart("Objective", "value (log scale)", true);
    private final LiveChart quality = new LiveChart("Image quality", "PSNR (dB)", false);
    private boolean counterAxis;

    RunCharts() {
        quality.setRightAxis("SSIM", false);
        qualitySeries();
    }

    /** Charts holding every point of {@code points}. */
    static RunCharts of(List<Progress> points) {
        RunCharts charts = new RunCharts();
        points.forEach(charts::append);
        return charts;
    }

    LiveChart objective() {
        return objective;
    }

    LiveChart quality() {
        return quality;
    }

    /** Adds one iteration's scalars, each to its chart. */
    void append(Progress p) {
        p.scalars().forEach((name, value) -> {
            String shown = ScalarNames.display(name);
            switch (LiveViewModel.chartOf(name)) {
                case QUALITY -> quality.append(shown, p.iteration(), value);
                case COUNTER -> {
                    if (!counterAxis) {
                        objective.setRightCountAxis("count");
                        counterAxis = true;
                    }
                    objective.addSeries(shown, LiveChart.Side.RIGHT);
                    objective.append(shown, p.iteration(), value);
                }
                default -> objective.append(shown, p.iteration(), value);
            }
        });
    }

    /** Marks an iteration on both charts (a live change). */
    void mark(int iteration, String label) {
        objective.addMarker(iteration, label);
        quality.addMarker(iteration, label);
    }

    void clear() {
        objective.clear();
        if (counterAxis) {
            objective.removeRightAxis();
            counterAxis = false;
        }
        quality.clear();
        qualitySeries();
    }

    void setDark(boolean dark) {
        objective.setDark(dark);
        quality.setDark(dark);
    }

    void setFontScale(double scale) {
        objective.setFontScale(scale);
        quality.setFontScale(scale);
    }

    /** PSNR on the left axis, SSIM on the right, in that order whatever order the run reports them. */
    private void qualitySeries() {
        quality.addSeries(ScalarNames.display("psnr"), LiveChart.Side.LEFT);
        quality.addSeries(ScalarNames.display("ssim"), LiveChart.Side.RIGHT);
    }
}
