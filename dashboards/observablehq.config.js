// Observable Framework configuration of the dashboards. `customs dashboards build` (pipelines/build-dashboards.ts)
// runs the build with CUSTOMS_WAREHOUSE (the warehouse the data loaders read) and CUSTOMS_DASHBOARDS_OUT set.
export default {
    title: "Customs analytics · 海關分析",
    root: "src",
    output: process.env.CUSTOMS_DASHBOARDS_OUT ?? "dist",
    pages: [
        { name: "Transparency · 通關透明度", path: "/transparency" },
        { name: "Trade statistics · 貿易統計", path: "/trade" },
        { name: "Audit targeting · 稽核選案", path: "/audit" },
        { name: "Data quality · 資料品質", path: "/quality" },
    ],
    // Offline: the default global stylesheet fetches a web font; the theme's own stylesheet is served locally.
    globalStylesheets: [],
    // TypeScript data loaders run with this Node through tsx (no tsx on the PATH needed).
    interpreters: { ".ts": [process.execPath, "--no-warnings", "--import", "tsx"] },
    style: "style.css",
    search: false,
    // No favicon to fetch.
    head: `<link rel="icon" href="data:,">`,
    footer: "Aggregates only: no trader, declaration or declarant is named in these pages or their files. · 僅含彙總數據，不揭露任何業者、報單或報關人。",
};
