// A ranked list as horizontal bars (largest first), drawn with Observable Plot.
import * as Plot from "@observablehq/plot";

export function BarChart(data, {width, x, y, title, subtitle, xLabel, caption, format} = {}) {
  return Plot.plot({
    width,
    height: 40 + 24 * data.length,
    title,
    subtitle,
    caption,
    marginLeft: 190,
    x: {label: xLabel, grid: true, tickFormat: format},
    y: {label: null, domain: data.map((row) => row[y])},
    marks: [
      Plot.barX(data, {x, y, fill: "var(--theme-foreground-focus)"}),
      Plot.ruleX([0]),
      Plot.tip(data, Plot.pointerY({x, y}))
    ]
  });
}
