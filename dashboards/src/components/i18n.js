// The reader's language, English or Traditional Chinese (繁體中文), kept in localStorage; the toggle switches and
// reloads the page. Texts are given as {en, zh} pairs where they are used.
import {html} from "htl";

const STORAGE_KEY = "customs-dashboards-language";

export const lang = localStorage.getItem(STORAGE_KEY) === "zh" ? "zh" : "en";
document.documentElement.lang = lang === "zh" ? "zh-Hant-TW" : "en";

const locale = lang === "zh" ? "zh-TW" : "en-US";

/** The text of a {en, zh} pair in the reader's language. */
export function t(text) {
  return text[lang];
}

/** A button that switches to the other language. */
export function LanguageToggle() {
  const other = lang === "zh" ? "en" : "zh";
  return html`<button class="language-toggle" onclick=${() => {
    localStorage.setItem(STORAGE_KEY, other);
    location.reload();
  }}>${other === "zh" ? "繁體中文" : "English"}</button>`;
}

export function formatNumber(value, options = {}) {
  return value == null || Number.isNaN(value) ? "–" : value.toLocaleString(locale, {maximumFractionDigits: 1, ...options});
}

export function formatPercent(share, digits = 1) {
  return share == null ? "–" : (share * 100).toLocaleString(locale, {minimumFractionDigits: digits, maximumFractionDigits: digits}) + "%";
}

/** Money in TWD, shortened: million (百萬) or billion (十億) in English; 萬 and 億 in Chinese. */
export function formatTwd(value) {
  if (value == null) return "–";
  if (lang === "zh") {
    if (Math.abs(value) >= 1e8) return `${formatNumber(value / 1e8, {maximumFractionDigits: 2})} 億元`;
    if (Math.abs(value) >= 1e4) return `${formatNumber(value / 1e4, {maximumFractionDigits: 1})} 萬元`;
    return `${formatNumber(value, {maximumFractionDigits: 0})} 元`;
  }
  if (Math.abs(value) >= 1e9) return `TWD ${formatNumber(value / 1e9, {maximumFractionDigits: 2})} bn`;
  if (Math.abs(value) >= 1e6) return `TWD ${formatNumber(value / 1e6, {maximumFractionDigits: 1})} m`;
  return `TWD ${formatNumber(value, {maximumFractionDigits: 0})}`;
}

export function formatMinutes(minutes) {
  if (minutes == null) return "–";
  return minutes < 120 ? `${formatNumber(minutes)} ${t({en: "min", zh: "分鐘"})}` : `${formatNumber(minutes / 60)} ${t({en: "h", zh: "小時"})}`;
}

/** The source note printed under every chart. */
export function sourceNote(text) {
  return `${t({en: "Source", zh: "資料來源"})}: ${t(text)}`;
}

export const LANE_NAMES = {
  C1: {en: "C1 paperless", zh: "C1 免審免驗"},
  C2: {en: "C2 documents", zh: "C2 文件審核"},
  C3: {en: "C3 inspection", zh: "C3 貨物查驗"}
};

export const FLOW_NAMES = {
  M: {en: "Imports", zh: "進口"},
  X: {en: "Exports", zh: "出口"}
};
