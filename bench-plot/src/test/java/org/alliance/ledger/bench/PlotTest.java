package org.alliance.ledger.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotTest {
    @TempDir
    Path dir;

    @Test
    void writesThePanelsSideBySideAsOnePng() throws Exception {
        Path png = dir.resolve("sub/figure.png");
        Plot.write(png,
                BarPlot.of("rates", "per second", "SHA-256", "SM3").bars("baseline", 10, 5).bars("measured", 8, 4)
                        .goal("goal", 9),
                BarPlot.of("ms", "log ms", "a", "b", "c").bars("median", 367, 695, 3715).logarithmic(),
                XyPlot.of("latency", "in flight", "ms").line("p95", new double[] {1, 2, 4}, new double[] {3, 4, 9})
                        .baseline("same-run baseline", new double[] {1, 2, 4}, new double[] {2, 3, 5})
                        .goal("goal 10 ms", 10).logarithmic(true, false),
                XyPlot.of("scores", "correlation", "agreement").points("live", new double[] {0.9, 0.8},
                        new double[] {0.7, 0.6}).threshold("threshold", 0.5));

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(4 * Plot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(Plot.HEIGHT);
        // Something was drawn in each panel: not one colour throughout.
        for (int panel = 0; panel < 4; panel++) {
            int first = image.getRGB(panel * Plot.WIDTH + 1, 1);
            boolean drawn = false;
            for (int x = panel * Plot.WIDTH; x < (panel + 1) * Plot.WIDTH && !drawn; x += 3) {
                for (int y = 0; y < Plot.HEIGHT && !drawn; y += 3) {
                    drawn = image.getRGB(x, y) != first;
                }
            }
            assertThat(drawn).as("panel %d", panel).isTrue();
        }
    }

    @Test
    void refusesValuesThatDoNotMatchTheCategoriesOrAxes() {
        assertThatThrownBy(() -> BarPlot.of("t", "y", "a", "b").bars("s", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 values for 2 categories");
        assertThatThrownBy(() -> BarPlot.of("t", "y", "a").goal("g", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XyPlot.of("t", "x", "y").line("s", new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Plot.write(Path.of("x.png"))).isInstanceOf(IllegalArgumentException.class);
    }
}
