// A Vega-Lite chart rendered as SVG by vega-embed, from node_modules (nothing fetched), without the actions menu.
import vegaEmbed from "vega-embed";

export function VegaChart(spec, {width} = {}) {
  const element = document.createElement("div");
  element.className = "vega-chart";
  vegaEmbed(element, {...spec, width, autosize: {type: "fit-x", contains: "padding"}}, {actions: false, renderer: "svg"})
    .catch((error) => {
      element.textContent = String(error);
      console.error(error);
    });
  return element;
}
