// A ranked list as horizontal bars (largest first), drawn with Observable Plot.
import * as Plot from "@observablehq/plot";

const LABEL_WIDTH = 190;

export function BarChart(data, {width, x, y, title, subtitle, xLabel, caption, format} = {}) {
  return Plot.plot({
    // Before the page's styles apply, a card can be measured narrower than its labels: keep room for the bars.
    width: Math.max(width, LABEL_WIDTH + 200),
    height: 40 + 24 * data.length,
    title,
    subtitle,
    caption,
    marginLeft: LABEL_WIDTH,
    x: {label: xLabel, grid: true, tickFormat: format},
    y: {label: null, domain: data.map((row) => row[y])},
    marks: [
      Plot.barX(data, {x, y, fill: "var(--theme-foreground-focus)"}),
      Plot.ruleX([0]),
      Plot.tip(data, Plot.pointerY({x, y}))
    ]
  });
}
