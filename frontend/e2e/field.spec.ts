/** The field story in real Chromium against the real API: a mentor logs a visit on a phone, it shows
 * on the household's timeline, the kecamatan coordinator verifies it; both languages. */
import { expect, test, type Browser, type Page } from "@playwright/test";

import { shot as saveShot, signIn } from "./helpers";

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const DESKTOP = { width: 1440, height: 900 };
// Palembang's city centre: a few km from any Kertapati household, so the home visit is flagged.
const CITY_CENTRE = { latitude: -2.9909, longitude: 104.7566 };

/** YYYY-MM-DD in the city's time zone (the browser runs in Asia/Jakarta), `days` from today. */
function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString("sv-SE", { timeZone: "Asia/Jakarta" });
}

/** From the top: a full-page picture of a scrolled page would show the fixed header mid-page. */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await saveShot(page, name);
}

async function noSideScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
}

async function mentorPhone(browser: Browser) {
  const context = await browser.newContext({ ...PHONE, locale: "id-ID", timezoneId: "Asia/Jakarta", geolocation: CITY_CENTRE, permissions: ["geolocation"] });
  const page = await context.newPage();
  await signIn(page, "mentor@bina.demo");
  return { context, page };
}

test("a mentor logs a visit on a phone and the coordinator verifies it", async ({ browser }) => {
  const notes = `Mendampingi ke puskesmas untuk aktivasi JKN (uji ${Date.now()}).`;

  // --- The mentor, on a 360 px phone.
  const mentor = await mentorPhone(browser);
  let page = mentor.page;
  await expect(page).toHaveURL(/\/my-households$/);
  const card = page.getByTestId("my-households").locator(".mantine-Card-root");
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId("outlook")).toBeVisible();
  await noSideScroll(page);
  await shot(page, "20-field-my-households-phone");

  await card.getByRole("link", { name: "Catat kunjungan" }).click();
  await expect(page.getByRole("heading", { name: "Catat kunjungan" })).toBeVisible();
  // Permission was given: the form takes the phone's position by itself.
  await expect(page.getByTestId("visit-location")).toContainText("-2.9909, 104.7566");
  await page.getByText("Kesehatan & JKN", { exact: true }).click();
  await page.getByLabel("Catatan").fill(notes);
  await page.getByRole("button", { name: "Tambah langkah" }).click();
  await page.getByLabel("Langkah", { exact: true }).fill("Urus kartu JKN di kantor BPJS");
  await page.getByLabel("Tenggat").fill(day(7));
  await page.getByLabel("Kunjungan berikutnya").fill(day(14));
  await noSideScroll(page);
  await shot(page, "21-field-visit-phone");
  await page.getByRole("button", { name: "Simpan kunjungan" }).click();

  // Back on the household: the visit heads the timeline, waiting for review and flagged as far.
  await expect(page).toHaveURL(/\/my-households\/[0-9a-f-]{36}$/);
  const visit = page.getByTestId("session-item").filter({ hasText: notes });
  await expect(visit).toBeVisible();
  await expect(visit.getByTestId("session-status")).toHaveText("Menunggu verifikasi");
  await expect(visit.getByTestId("session-flag")).toContainText("km dari rumah");
  await expect(page.getByTestId("action-items")).toContainText("Urus kartu JKN di kantor BPJS");
  const householdId = page.url().split("/").pop() ?? "";
  const headName = (await page.getByRole("heading", { level: 2 }).first().innerText()).trim();
  const mentorName = (await page.getByTestId("household-mentor").locator("p").first().innerText()).trim();
  await noSideScroll(page);
  await shot(page, "22-field-household-phone");

  // The mentor records an assessment too.
  await page.getByRole("link", { name: "Catat penilaian" }).click();
  await expect(page.getByRole("heading", { name: "Catat penilaian" })).toBeVisible();
  await page.getByLabel("Pengeluaran per kapita").fill("15000");
  await page.getByText("Usaha sendiri", { exact: true }).click();
  await page.getByText("Upah harian", { exact: true }).click();
  await noSideScroll(page);
  await shot(page, "23-field-assessment-phone");
  await page.getByRole("button", { name: "Simpan penilaian" }).click();
  await expect(page).toHaveURL(new RegExp(`/my-households/${householdId}$`));
  await expect(page.getByTestId("readiness")).toContainText(`Penilaian terakhir ${new Intl.DateTimeFormat("id-ID", { day: "numeric", month: "short", year: "numeric", timeZone: "Asia/Jakarta" }).format(new Date())}`);

  await mentor.context.close();

  // The same pages at desktop width, for the record.
  const mentorDesk = await browser.newContext({ viewport: DESKTOP, locale: "id-ID", timezoneId: "Asia/Jakarta" });
  page = await mentorDesk.newPage();
  await signIn(page, "mentor@bina.demo");
  await page.goto(`/my-households/${householdId}/visit`);
  await expect(page.getByRole("heading", { name: "Catat kunjungan" })).toBeVisible();
  await shot(page, "24-field-visit-desktop");
  await page.goto(`/my-households/${householdId}/assessment`);
  await expect(page.getByRole("heading", { name: "Catat penilaian" })).toBeVisible();
  await shot(page, "25-field-assessment-desktop");
  await page.goto("/my-households");
  await expect(page.getByTestId("outlook")).toBeVisible();
  await shot(page, "26-field-my-households-desktop");
  await mentorDesk.close();

  // --- The coordinator of kecamatan Kertapati, at a desk.
  const desk = await browser.newContext({ viewport: DESKTOP, locale: "id-ID", timezoneId: "Asia/Jakarta" });
  page = await desk.newPage();
  await signIn(page, "camat.kertapati@bina.demo");
  await page.getByRole("link", { name: "Kunjungan & verifikasi" }).click();
  await expect(page.getByRole("heading", { name: "Kunjungan & verifikasi" })).toBeVisible();
  const pending = page.getByTestId("review-card").filter({ hasText: notes });
  await expect(pending).toBeVisible();
  await expect(pending.getByTestId("session-flag")).toContainText("km dari rumah");
  // Who visited whom, without opening anything.
  await expect(pending.getByTestId("review-household")).toHaveText(headName);
  await expect(pending.getByTestId("review-mentor")).toHaveText(`Pendamping: ${mentorName}`);
  await shot(page, "27-verification-desktop");

  await page.getByText("Ditandai", { exact: true }).click();
  await expect(pending).toBeVisible(); // flagged: it stays under "Ditandai"
  await pending.getByRole("button", { name: "Verifikasi" }).click();
  await expect(pending).toHaveCount(0); // no longer waiting for review

  await page.goto(`/households/${householdId}`);
  const verified = page.getByTestId("session-item").filter({ hasText: notes });
  await expect(verified.getByTestId("session-status")).toHaveText("Terverifikasi");
  await expect(page.getByTestId("household-mentor")).toBeVisible();
  await expect(page.getByTestId("readiness")).toBeVisible();
  await shot(page, "28-household-desktop");

  // English, then back to Bahasa Indonesia.
  await page.getByText("EN", { exact: true }).click();
  await expect(page.getByRole("link", { name: "Visits & verification" })).toBeVisible();
  await expect(verified.getByTestId("session-status")).toHaveText("Verified");
  await expect(page.getByRole("heading", { name: "Visits" })).toBeVisible();
  await shot(page, "29-household-desktop-en");
  await page.getByText("ID", { exact: true }).click();
  await expect(verified.getByTestId("session-status")).toHaveText("Terverifikasi");

  await desk.close();

  // The coordinator's pages on a phone (a fresh phone context: resizing a desktop page mid-way
  // catches the navigation drawer in its transition).
  const phone = await browser.newContext({ ...PHONE, locale: "id-ID", timezoneId: "Asia/Jakarta" });
  page = await phone.newPage();
  await signIn(page, "camat.kertapati@bina.demo");
  await page.goto(`/households/${householdId}`);
  await expect(page.getByTestId("session-item").filter({ hasText: notes }).getByTestId("session-status")).toHaveText("Terverifikasi");
  await noSideScroll(page);
  await shot(page, "30-household-phone");
  await page.goto("/sessions");
  await expect(page.getByRole("heading", { name: "Kunjungan & verifikasi" })).toBeVisible();
  await expect(page.getByTestId("review-card").first()).toBeVisible();
  await noSideScroll(page);
  await shot(page, "31-verification-phone");
  await phone.close();
});
