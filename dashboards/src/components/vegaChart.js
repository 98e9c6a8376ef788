// A Vega-Lite chart rendered as SVG by vega-embed, from node_modules (nothing fetched), without the actions menu.
import vegaEmbed from "vega-embed";

export function VegaChart(spec, {width} = {}) {
  const element = document.createElement("div");
  element.className = "vega-chart";
  // resize() may ask for a chart before the card has a width: draw it once the width is known.
  if (!(width > 0)) return element;
  const config = {
    background: null,
    font: "system-ui, sans-serif",
    title: {anchor: "start", fontSize: 14, fontWeight: "normal", subtitleFontSize: 12, subtitleColor: "#777", subtitlePadding: 4, offset: 12},
    ...spec.config
  };
  vegaEmbed(element, {...spec, config, width, autosize: {type: "fit-x", contains: "padding"}}, {actions: false, renderer: "svg"})
    .catch((error) => {
      element.textContent = String(error);
      console.error(error);
    });
  return element;
}
