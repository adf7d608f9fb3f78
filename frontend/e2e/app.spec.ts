/** The main journeys in real Chromium against the real API (see global-setup.ts). */
import { readFile } from "node:fs/promises";

import { expect, test } from "@playwright/test";

import { shot, signIn, url } from "./helpers";

test("the login page is in Bahasa Indonesia and refuses a wrong password", async ({ page }) => {
  await page.goto(url("/households"));
  await expect(page).toHaveURL(/\/login\?next=%2Fhouseholds/);
  await expect(page.getByRole("heading", { name: "Masuk" })).toBeVisible();
  await shot(page, "01-login");
  await page.getByLabel("Email").fill("admin@bina.demo");
  await page.getByLabel("Kata sandi").fill("salah-sekali-123");
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page.getByRole("alert")).toContainText("Email atau kata sandi salah");
});

test("admin: dashboard, households list, search, open one, reveal, reload deep link", async ({ page }) => {
  await signIn(page, "admin@bina.demo");
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("kpi-households")).toHaveText("60");
  await expect(page.getByTestId("kpi-coverage")).toHaveText(/^\d+%$/);
  await expect(page.getByText("Corong kelulusan")).toBeVisible();
  await shot(page, "02-dashboard");

  await page.getByRole("link", { name: "Rumah tangga" }).click();
  await expect(page.getByRole("heading", { name: "Rumah tangga" })).toBeVisible();
  await expect(page.getByText(/dari 60 data/)).toBeVisible();
  await shot(page, "03-households");

  const firstName = (await page.locator("tbody tr").first().locator("td").first().locator("p").first().innerText()).trim();
  await page.getByLabel("Cari").fill(firstName);
  await expect(page.getByText(/dari \d+ data/)).not.toContainText("dari 60 data");
  const row = page.locator("tbody tr", { hasText: firstName }).first();
  await row.click();

  await expect(page.getByRole("heading", { name: firstName })).toBeVisible();
  await expect(page.getByTestId("kk-number")).toContainText("*");
  await page.getByRole("button", { name: "Tampilkan NIK/KK" }).click();
  await expect(page.getByTestId("kk-number")).toHaveText(/^\d{16}$/);
  await shot(page, "04-household-detail");

  // The family's data-access request (UU 27/2022): one file with everything, identifiers unmasked.
  const kk = (await page.getByTestId("kk-number").innerText()).trim();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Laporan akses data" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^laporan-akses-[0-9a-f-]{36}-\d{4}-\d{2}-\d{2}\.json$/);
  const report = JSON.parse(await readFile(await download.path(), "utf8"));
  expect(report.household.kk_number).toBe(kk);
  expect(report.audit_trail.length).toBeGreaterThan(0);

  // A reload of the deep link keeps the page and the sign-in (refresh token in this tab).
  await page.reload();
  await expect(page.getByRole("heading", { name: firstName })).toBeVisible();
});

test("admin creates a user, who then appears in the list", async ({ page }) => {
  await signIn(page, "admin@bina.demo");
  await page.getByRole("link", { name: "Pengguna" }).click();
  await page.getByRole("button", { name: "Tambah pengguna" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill("lurah.contoh@bina.demo");
  await dialog.getByLabel("Nama").fill("Lurah Contoh (demo)");
  await dialog.getByLabel("Wilayah tugas").fill("Kertapati");
  await page.getByRole("option", { name: "Kecamatan Kertapati" }).click();
  await dialog.getByLabel("Kata sandi awal").fill("Kuat-Sekali-Sandi-2024");
  await shot(page, "05-user-create");
  await dialog.getByRole("button", { name: "Buat akun" }).click();
  await expect(dialog).toBeHidden();
  await page.getByLabel("Cari nama atau email").fill("lurah.contoh");
  await expect(page.getByText("Lurah Contoh (demo)")).toBeVisible();
  await shot(page, "06-users");
});

test("language switch: English everywhere, remembered after reload, back to Indonesian", async ({ page }) => {
  await signIn(page, "admin@bina.demo");
  await page.getByText("EN", { exact: true }).click();
  await expect(page.getByRole("link", { name: "Households" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("link", { name: "Households" })).toBeVisible();
  await shot(page, "07-dashboard-en");
  await page.getByText("ID", { exact: true }).click();
  await expect(page.getByRole("link", { name: "Rumah tangga" })).toBeVisible();
});

test.describe("mentor on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test("sees their household and opens it", async ({ page }) => {
    await signIn(page, "mentor@bina.demo");
    await expect(page).toHaveURL(/\/my-households$/);
    await expect(page.getByRole("heading", { name: "Rumah tangga saya" })).toBeVisible();
    const cards = page.getByTestId("my-households").locator("button");
    await expect(cards).toHaveCount(1);
    await shot(page, "08-mentor-phone");
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(360);
    await cards.first().click();
    await expect(page.getByRole("heading", { name: /^Anggota keluarga/ })).toBeVisible();
    await shot(page, "09-mentor-household-phone");
  });
});

test("admin runs a matching on one kecamatan, reviews it and approves it", async ({ page }) => {
  await signIn(page, "admin@bina.demo");
  await page.getByRole("link", { name: "Pencocokan" }).click();
  await page.getByRole("button", { name: "Mulai pencocokan" }).click();
  const dialog = page.getByRole("dialog");
  // Plaju: the small seed leaves a household there without a mentor (Kertapati's are all taken).
  await dialog.getByLabel("Cakupan").fill("Plaju");
  await page.getByRole("option", { name: "Plaju" }).click();
  await dialog.getByRole("button", { name: "Mulai", exact: true }).click();

  await expect(page.getByRole("heading", { name: "Hasil pencocokan" })).toBeVisible();
  await expect(page.getByText("Selesai", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("tab", { name: "Usulan pasangan" })).toBeVisible();
  await shot(page, "10-matching-run");

  await page.getByRole("button", { name: "Setujui" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Setujui" }).click();
  await expect(page.getByTestId("run-decision")).toContainText("Dibuat");
  await shot(page, "11-matching-approved");
});
