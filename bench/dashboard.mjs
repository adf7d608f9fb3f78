/**
 * The browser half of bench/dashboard.py: Debian's Chromium signs in to a running `bina serve`
 * and measures the dashboard, printing one JSON object per run on stdout.
 *
 *   node bench/dashboard.mjs BASE_URL [EMAIL] [RUNS]
 *
 * Each run is a fresh browser context (empty cache, as after a new sign-in):
 *   - login page: navigation timing and the JS it loads (bytes gzipped, as the build reports);
 *   - sign-in -> dashboard: ms from the click until the KPIs show, and until every chart, the map
 *     and the agency table are drawn; the JS loaded by then;
 *   - reload of /dashboard (signed in): ms from navigation start until the KPIs and until
 *     everything is drawn, with the navigation timing of that load;
 *   - every /api/ call of the reload from resource timing (loopback, so about the server's time),
 *     and the main thread's busy time from Chromium's own counters (CDP Performance.getMetrics).
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const FRONTEND = join(dirname(fileURLToPath(import.meta.url)), "..", "frontend");
const { chromium } = createRequire(join(FRONTEND, "package.json"))("@playwright/test");

const [base, email = "admin@bina.demo", runs = "3"] = process.argv.slice(2);
if (!base) throw new Error("usage: node bench/dashboard.mjs BASE_URL [EMAIL] [RUNS]");
const PASSWORD = "Bina-Demo-Palembang-2024";

/** Gzipped size of every JS file the page fetched (the server sends them uncompressed). */
function trackJs(page) {
  const files = new Map();
  page.on("response", async (r) => {
    if (!r.url().endsWith(".js")) return;
    try {
      files.set(r.url(), gzipSync(await r.body(), { level: 9 }).length);
    } catch {
      // a redirect or an aborted load has no body
    }
  });
  return () => ({ files: files.size, gzip_kb: Math.round([...files.values()].reduce((a, b) => a + b, 0) / 102.4) / 10 });
}

async function mainThreadMs(cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const get = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
  return { task_ms: Math.round(get("TaskDuration") * 1000), script_ms: Math.round(get("ScriptDuration") * 1000) };
}

async function ready(page) {
  await page.getByTestId("kpi-households").waitFor();
  const kpis = await page.evaluate(() => performance.now());
  await page.locator("[data-testid=coverage-map] svg [data-testid=map-marker]").first().waitFor();
  await page.locator("[data-testid=kecamatan-chart] > svg").waitFor();
  await page.locator("[data-testid=monthly-chart] > svg").waitFor();
  await page.locator("[data-testid=funnel-chart] > svg").waitFor();
  await page.getByTestId("agency-table").waitFor();
  const all = await page.evaluate(() => performance.now());
  return { kpis, all };
}

const navigation = (page) =>
  page.evaluate(() => {
    const [n] = performance.getEntriesByType("navigation");
    return { response_end: Math.round(n.responseEnd), dom_content_loaded: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd) };
  });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  for (let run = 1; run <= Number(runs); run++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "id-ID" });
    const page = await context.newPage();
    const js = trackJs(page);
    await page.goto(`${base}/login`, { waitUntil: "networkidle" });
    const login = { navigation: await navigation(page), js: js() };

    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Kata sandi").fill(PASSWORD);
    const clicked = await page.evaluate(() => performance.now());
    await page.getByRole("button", { name: "Masuk" }).click();
    const signIn = await ready(page);
    await page.waitForLoadState("networkidle");
    const afterSignIn = { kpis_ms: Math.round(signIn.kpis - clicked), all_ms: Math.round(signIn.all - clicked), js: js() };

    // A reload of the dashboard itself: the address a user bookmarks, measured from navigation start.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    const before = await mainThreadMs(cdp);
    await page.reload();
    const reload = await ready(page);
    const after = await mainThreadMs(cdp);
    const api = await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .filter((e) => new URL(e.name).pathname.startsWith("/api/"))
        .map((e) => ({ call: new URL(e.name).pathname + new URL(e.name).search, start: Math.round(e.startTime), ms: Math.round(e.duration) })),
    );
    console.log(
      JSON.stringify({
        run,
        login,
        sign_in_to_dashboard: afterSignIn,
        reload: {
          navigation: await navigation(page),
          kpis_ms: Math.round(reload.kpis),
          all_ms: Math.round(reload.all),
          main_thread: { task_ms: after.task_ms - before.task_ms, script_ms: after.script_ms - before.script_ms },
          api,
        },
      }),
    );
    await context.close();
  }
} finally {
  await browser.close();
}
