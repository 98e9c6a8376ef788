// A plain HTML table of rows, with column headings and cell formats given per column.
import {html} from "htl";

export function DataTable(rows, columns) {
  return html`<table>
    <thead><tr>${columns.map((column) => html`<th style=${column.numeric ? "text-align:right" : ""}>${column.label}</th>`)}</tr></thead>
    <tbody>${rows.map((row) => html`<tr>${columns.map((column) => html`<td style=${column.numeric ? "text-align:right" : ""}>${(column.format ?? String)(row[column.key], row)}</td>`)}</tr>`)}</tbody>
  </table>`;
}
