/** The dashboard in real Chromium: the numbers are the API's own for the same call, the charts and
 * the map draw without any map tiles, the filters narrow every number, a coordinator sees only
 * their kecamatan. */
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { PASSWORD, shot, signIn, url } from "./helpers";

type Kecamatan = { kecamatan_code: string; name: string; coverage: number | null; households: number };
type Agency = { name: string; mentors: number };
type Overview = { households: number; sessions_last_30_days: number; households_not_visited_30_days: number };

const id = (n: number) => new Intl.NumberFormat("id-ID").format(n);

/** The API's answer to `path` for `email`, asked outside the browser. */
async function apiAs<T>(request: APIRequestContext, email: string, path: string): Promise<T> {
  const token = await request.post(url("/api/v1/auth/token"), { form: { grant_type: "password", username: email, password: PASSWORD } });
  expect(token.ok()).toBe(true);
  const { access_token } = (await token.json()) as { access_token: string };
  const answer = await request.get(url(path), { headers: { Authorization: `Bearer ${access_token}` } });
  expect(answer.ok(), `${path}: ${answer.status()} ${await answer.text()}`).toBe(true);
  return (await answer.json()) as T;
}

async function expectKpis(page: Page, o: Overview): Promise<void> {
  await expect(page.getByTestId("kpi-households")).toHaveText(id(o.households));
  await expect(page.getByTestId("kpi-visits")).toHaveText(id(o.sessions_last_30_days));
  await expect(page.getByTestId("kpi-not-visited")).toHaveText(id(o.households_not_visited_30_days));
}

test("admin: KPIs, map, charts and agency table show the API's numbers; a marker filters them", async ({ page, request }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const overview = await apiAs<Overview>(request, "admin@bina.demo", "/api/v1/stats/overview");
  const kecamatan = await apiAs<{ items: Kecamatan[] }>(request, "admin@bina.demo", "/api/v1/stats/kecamatan");
  const agencies = await apiAs<{ items: Agency[] }>(request, "admin@bina.demo", "/api/v1/stats/agencies");

  // No request leaves the machine: the map has no tiles to fetch.
  const foreign: string[] = [];
  page.on("request", (r) => void (new URL(r.url()).origin !== new URL(url("/")).origin && foreign.push(r.url())));
  await signIn(page, "admin@bina.demo");
  await expect(page).toHaveURL(/\/dashboard$/);
  await expectKpis(page, overview);

  // The map: one marker per kecamatan point, each with the coverage the API gave it.
  const markers = page.getByTestId("map-marker");
  await expect(markers).toHaveCount(18);
  for (const k of kecamatan.items) {
    await expect(page.locator(`[data-testid=map-marker][data-code="${k.kecamatan_code}"]`)).toHaveAttribute("data-coverage", k.coverage == null ? "" : String(k.coverage));
  }

  await expect(page.getByRole("img", { name: "Cakupan per kecamatan" })).toBeVisible();
  await expect(page.getByTestId("kecamatan-chart").getByTestId("bar")).toHaveCount(kecamatan.items.length);
  await expect(page.getByRole("img", { name: "Kunjungan pendampingan per bulan" })).toBeVisible();
  await expect(page.getByTestId("monthly-chart").getByTestId("bar")).toHaveCount(12);
  await expect(page.getByRole("img", { name: "Corong kelulusan" })).toBeVisible();

  const table = page.getByTestId("agency-table");
  await expect(table.locator("tbody tr")).toHaveCount(agencies.items.length);
  const most = [...agencies.items].sort((a, b) => b.mentors - a.mentors)[0]!;
  await expect(table.locator("tbody tr").first()).toContainText(most.name);
  await table.getByRole("button", { name: "OPD" }).click();
  const first = [...agencies.items].sort((a, b) => a.name.localeCompare(b.name, "id"))[0]!;
  await expect(table.locator("tbody tr").first()).toContainText(first.name);
  await page.evaluate(() => window.scrollTo(0, 0)); // the frame is fixed: a full-page shot from the top
  await shot(page, "12-dashboard-desktop");

  // A click on Kertapati's marker filters every number to Kertapati (and the address keeps it).
  const kertapati = await apiAs<Overview>(request, "admin@bina.demo", "/api/v1/stats/overview?kecamatan=16.71.13");
  await page.locator('[data-testid=map-marker][data-code="16.71.13"] circle').click();
  await expect(page).toHaveURL(/kecamatan=16\.71\.13/);
  await expectKpis(page, kertapati);
  // One kecamatan: nothing to compare, so no per-kecamatan chart; its marker alone is in colour.
  await expect(page.locator("[data-testid=map-marker][tabindex='0']")).toHaveCount(1);
  await expect(page.getByTestId("kecamatan-chart")).toHaveCount(0);
  await page.reload();
  await expectKpis(page, kertapati);
  expect(foreign).toEqual([]);
});

test("coordinator: only their kecamatan, the filter fixed to it", async ({ page, request }) => {
  const email = "camat.kertapati@bina.demo";
  const overview = await apiAs<Overview>(request, email, "/api/v1/stats/overview");
  await signIn(page, email);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expectKpis(page, overview);
  const filter = page.getByTestId("dashboard-filters").getByRole("combobox", { name: "Kecamatan" });
  await expect(filter).toHaveValue("Kertapati");
  await expect(filter).toBeDisabled();
  await expect(page.locator("[data-testid=map-marker][tabindex='0']")).toHaveCount(1);
  await expect(page.locator('[data-testid=map-marker][data-code="16.71.13"]')).toHaveAttribute("tabindex", "0");
});

test("agency admin: the numbers of their own agency, the agency filter fixed to it", async ({ page, request }) => {
  const email = "opd@bina.demo";
  const overview = await apiAs<Overview>(request, email, "/api/v1/stats/overview");
  const agencies = await apiAs<{ items: Agency[] }>(request, email, "/api/v1/stats/agencies");
  await signIn(page, email);
  await expectKpis(page, overview);
  const filter = page.getByTestId("dashboard-filters").getByRole("combobox", { name: "OPD" });
  await expect(filter).toHaveValue("Dinas Sosial");
  await expect(filter).toBeDisabled();
  expect(agencies.items.map((a) => a.name)).toEqual(["Dinas Sosial"]);
  await expect(page.getByTestId("agency-table").locator("tbody tr")).toHaveCount(1);
});

test.describe("dashboard on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test("everything fits the width and the charts draw", async ({ page }) => {
    await signIn(page, "admin@bina.demo");
    await expect(page.getByTestId("kpi-households")).toBeVisible();
    await expect(page.getByTestId("map-marker")).toHaveCount(18);
    await expect(page.getByRole("img", { name: "Kunjungan pendampingan per bulan" })).toBeVisible();
    await expect(page.getByTestId("agency-table")).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shot(page, "13-dashboard-phone");
  });
});
