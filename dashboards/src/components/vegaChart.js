// A Vega-Lite chart rendered as SVG by vega-embed, from node_modules (nothing fetched), without the actions menu,
// with its source note as a caption under it (wrapped like the Plot charts' captions).
import vegaEmbed from "vega-embed";

export function VegaChart(spec, {width, caption} = {}) {
  const element = document.createElement("div");
  element.className = "vega-chart";
  // resize() may ask for a chart before the card has a width: draw it once the width is known.
  if (!(width > 0)) return element;
  const chart = element.appendChild(document.createElement("div"));
  const note = element.appendChild(document.createElement("p"));
  note.className = "vega-caption";
  note.textContent = caption ?? "";
  const config = {
    background: null,
    font: "system-ui, sans-serif",
    title: {anchor: "start", fontSize: 14, fontWeight: "normal", subtitleFontSize: 12, subtitleColor: "#777", subtitlePadding: 4, offset: 12},
    ...spec.config
  };
  vegaEmbed(chart, {...spec, config, width, autosize: {type: "fit-x", contains: "padding"}}, {actions: false, renderer: "svg"})
    .catch((error) => {
      element.textContent = String(error);
      console.error(error);
    });
  return element;
}
