// A monthly time series, one line per series, drawn with Observable Plot. Months are "YYYY-MM" strings.
import * as Plot from "@observablehq/plot";

export function LineChart(data, {width, y, series, seriesLabel = (value) => value, title, subtitle, yLabel, caption, yType = "linear", yPercent = false, yDomain} = {}) {
  const rows = data.map((row) => ({...row, date: new Date(`${row.month}-01T00:00:00`), key: series ? seriesLabel(row[series]) : ""}));
  return Plot.plot({
    width,
    height: 300,
    title,
    subtitle,
    caption,
    marginLeft: 60,
    x: {type: "utc", label: null},
    y: {type: yType, label: yLabel, grid: true, percent: yPercent, domain: yDomain, nice: true, zero: yType === "linear" ? undefined : false},
    color: series ? {legend: true, label: null} : undefined,
    marks: [
      Plot.lineY(rows, {x: "date", y, stroke: series ? "key" : "currentColor", strokeWidth: 2}),
      Plot.dot(rows, {x: "date", y, fill: series ? "key" : "currentColor", r: 2}),
      Plot.tip(rows, Plot.pointerX({x: "date", y, stroke: series ? "key" : undefined}))
    ]
  });
}
