/** The dashboard's charts and map: one chunk (visx and its d3 parts), loaded after the KPIs. */
export { CoverageMap } from "./coverage-map";
export { KecamatanChart } from "./kecamatan-chart";
export { MonthlyChart } from "./monthly-chart";
export { StageCharts } from "./stage-charts";
