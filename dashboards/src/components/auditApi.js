// The confidential part of the Audit page: targets, their reasons and the audit plan, fetched from the API
// (same origin, /api/v1/audit/…) at view time with the auditor's bearer token. The token is asked for in the page
// and kept in sessionStorage only (gone when the browser session ends); nothing of it is in the static files.
import {html} from "htl";
import {t, formatNumber, formatPercent, formatTwd} from "./i18n.js";
import {DataTable} from "./dataTable.js";

const TOKEN_KEY = "customs-auditor-token";
const API = "/api/v1/audit";

export function AuditPanel() {
  const results = html`<div class="audit-results"></div>`;
  const input = html`<input type="password" name="token" autocomplete="off" size="40" placeholder=${t({en: "auditor token", zh: "稽核人員權杖"})}>`;
  const form = html`<form class="audit-token">
    <label>${t({en: "Auditor token", zh: "稽核人員權杖"})} ${input}</label>
    <button type="submit">${t({en: "Show targets", zh: "顯示選案"})}</button>
    <button type="button" class="forget">${t({en: "Forget token", zh: "清除權杖"})}</button>
  </form>`;
  form.onsubmit = (event) => {
    event.preventDefault();
    if (input.value.trim()) sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    input.value = "";
    show(results);
  };
  form.querySelector(".forget").onclick = () => {
    sessionStorage.removeItem(TOKEN_KEY);
    show(results);
  };
  show(results);
  return html`<div>${form}${results}</div>`;
}

async function show(results) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) {
    results.replaceChildren(message("no-token", {
      en: "Targets, their reasons and the audit plan are confidential: they are not in this site's files. Enter your auditor token to fetch them from the API. The token is kept for this browser session only.",
      zh: "稽核選案、理由及稽核計畫屬機密資料，不在本網站檔案中。請輸入稽核人員權杖，自 API 取得資料；權杖僅保存於本次瀏覽工作階段。"
    }));
    return;
  }
  results.replaceChildren(message("loading", {en: "Fetching from the API …", zh: "正在自 API 取得資料……"}));
  try {
    const [targets, plan] = await Promise.all([fetchJson(`${API}/targets?limit=20`, token), fetchJson(`${API}/plan?limit=20`, token)]);
    results.replaceChildren(
      html`<h3>${t({en: "Top 20 declarations to audit, with reasons", zh: "前 20 名建議稽核報單及理由"})}</h3>`,
      DataTable(targets.items, [
        {key: "score_rank", label: t({en: "Rank", zh: "排名"}), numeric: true},
        {key: "declaration_id", label: t({en: "Declaration", zh: "報單"})},
        {key: "trader_id", label: t({en: "Trader", zh: "業者"})},
        {key: "main_hs6", label: "HS6"},
        {key: "origin_country", label: t({en: "Origin", zh: "原產地"})},
        {key: "fraud_probability", label: t({en: "Probability", zh: "違規機率"}), numeric: true, format: (v) => formatPercent(v)},
        {key: "expected_revenue_twd", label: t({en: "Expected revenue", zh: "預期補稅"}), numeric: true, format: formatTwd},
        {key: "reasons", label: t({en: "Reasons", zh: "理由"}), format: (reasons, row) => `${row.is_exploration ? t({en: "[exploration pick] ", zh: "［探索樣本］"}) : ""}${(reasons ?? []).join("; ")}`}
      ]),
      html`<h3>${t({en: "Audit plan of the latest quarter: traders in the order to audit them", zh: "最新一季稽核計畫：業者稽核順序"})}</h3>`,
      DataTable(plan.items, [
        {key: "plan_rank", label: t({en: "Rank", zh: "順序"}), numeric: true},
        {key: "trader_id", label: t({en: "Trader", zh: "業者"})},
        {key: "trader_name", label: t({en: "Name", zh: "名稱"})},
        {key: "count_declarations", label: t({en: "Declarations", zh: "報單數"}), numeric: true, format: formatNumber},
        {key: "expected_revenue_twd", label: t({en: "Expected revenue", zh: "預期補稅"}), numeric: true, format: formatTwd},
        {key: "count_previous_audits", label: t({en: "Past audits", zh: "過去稽核"}), numeric: true, format: formatNumber},
        {key: "top_reasons", label: t({en: "Main reasons", zh: "主要理由"}), format: (reasons) => (reasons ?? []).join("; ")}
      ])
    );
  } catch (error) {
    results.replaceChildren(message("api-error", error.text ?? {en: `The API could not be reached (${error.message}). Serve this site with customs serve.`, zh: `無法連線至 API（${error.message}），請以 customs serve 提供本網站。`}));
  }
}

async function fetchJson(url, token) {
  const response = await fetch(url, {headers: {authorization: `Bearer ${token}`, accept: "application/json"}});
  if (response.ok) return response.json();
  const body = await response.json().catch(() => null);
  const error = new Error(`HTTP ${response.status}`);
  if (response.status === 401 || response.status === 403) {
    error.text = {en: `The API refused the token (${body?.message ?? response.status}). Enter an auditor's token.`, zh: `API 拒絕此權杖（${body?.message ?? response.status}），請輸入稽核人員權杖。`};
  } else if (body?.message) {
    error.text = {en: `The API answered: ${body.message}`, zh: `API 回覆：${body.message}`};
  }
  throw error;
}

function message(kind, text) {
  return html`<p class="audit-message ${kind}">${t(text)}</p>`;
}
