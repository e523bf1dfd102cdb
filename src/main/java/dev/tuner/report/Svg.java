package dev.tuner.report;

import java.util.List;

/** Small builders of SVG shapes on top of {@link Tag}. Coordinates are pixels of the enclosing {@code <svg>}. */
final class Svg {
    private Svg() {
    }

    static Tag svg(String plot, double width, double height) {
        return Tag.of("svg").attr("xmlns", "http://www.w3.org/2000/svg").attr("class", "plot")
                .attr("data-plot", plot).attr("width", width).attr("height", height)
                .attr("viewBox", "0 0 " + Tag.number(width) + " " + Tag.number(height));
    }

    static Tag group(String cssClass) {
        return Tag.of("g").attr("class", cssClass);
    }

    static Tag circle(double cx, double cy, double r, String fill) {
        return Tag.of("circle").attr("cx", cx).attr("cy", cy).attr("r", r).attr("fill", fill);
    }

    static Tag rect(double x, double y, double width, double height, String fill) {
        return Tag.of("rect").attr("x", x).attr("y", y).attr("width", Math.max(0, width))
                .attr("height", Math.max(0, height)).attr("fill", fill);
    }

    static Tag line(double x1, double y1, double x2, double y2, String stroke, double width) {
        return Tag.of("line").attr("x1", x1).attr("y1", y1).attr("x2", x2).attr("y2", y2).attr("stroke", stroke)
                .attr("stroke-width", width);
    }

    /** An open polyline through the points (x0, y0, x1, y1, ...). */
    static Tag polyline(List<double[]> points, String stroke, double width) {
        StringBuilder b = new StringBuilder();
        for (double[] p : points) {
            b.append(b.isEmpty() ? "" : " ").append(Tag.number(p[0])).append(',').append(Tag.number(p[1]));
        }
        return Tag.of("polyline").attr("points", b.toString()).attr("fill", "none").attr("stroke", stroke)
                .attr("stroke-width", width);
    }

    static Tag text(double x, double y, String anchor, String content) {
        return Tag.of("text").attr("x", x).attr("y", y).attr("text-anchor", anchor).text(content);
    }

    static Tag rotatedText(double x, double y, String content) {
        return text(x, y, "middle", content).attr("transform", "rotate(-90 " + Tag.number(x) + " "
                + Tag.number(y) + ")");
    }

    /** An x mark centred on (cx, cy): the marker of a pruned trial. */
    static Tag cross(double cx, double cy, double r, String stroke) {
        return Tag.of("path").attr("d", "M" + Tag.number(cx - r) + " " + Tag.number(cy - r) + "L" + Tag.number(cx + r)
                        + " " + Tag.number(cy + r) + "M" + Tag.number(cx - r) + " " + Tag.number(cy + r) + "L"
                        + Tag.number(cx + r) + " " + Tag.number(cy - r)).attr("stroke", stroke)
                .attr("stroke-width", 2).attr("fill", "none");
    }
}
