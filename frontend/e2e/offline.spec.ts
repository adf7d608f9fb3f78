/** The field without signal, in real Chromium on a 360 px phone: a visit logged offline waits on
 * the phone, survives a reload with no connection, and is sent once when the signal is back. */
import { expect, test } from "@playwright/test";

import { shot, signIn } from "./helpers";

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

test("a visit logged offline waits on the phone through a reload and is sent once", async ({ browser }) => {
  const notes = `Kunjungan tanpa sinyal di lorong (uji ${Date.now()}).`;
  const context = await browser.newContext({ ...PHONE, locale: "id-ID", timezoneId: "Asia/Jakarta" });
  const page = await context.newPage();
  // Every answer the API gives to a new visit: one record means one 201 (a replay would be 200).
  const created: number[] = [];
  page.on("response", (r) => {
    if (r.request().method() === "POST" && r.url().endsWith("/api/v1/mentoring-sessions")) created.push(r.status());
  });

  await signIn(page, "mentor@bina.demo");
  await expect(page).toHaveURL(/\/my-households$/);
  // The app is on the phone once its service worker is ready (it precaches every page's code).
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const card = page.getByTestId("my-households").locator(".mantine-Card-root").first();
  const name = (await card.locator("p").first().innerText()).trim();
  await card.getByRole("button", { name }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByTestId("session-timeline")).toBeVisible();
  const householdUrl = page.url();

  // --- The signal goes.
  await context.setOffline(true);
  await page.getByRole("link", { name: "Catat kunjungan" }).click();
  await expect(page.getByRole("heading", { name: "Catat kunjungan" })).toBeVisible();
  await page.getByLabel("Catatan").fill(notes);
  await page.getByRole("button", { name: "Simpan kunjungan" }).click();

  // Back on the household: the visit is kept on the phone, waiting, and says so.
  await expect(page).toHaveURL(householdUrl);
  await expect(page.getByTestId("outbox-waiting")).toHaveText("1 menunggu dikirim");
  const waiting = page.getByTestId("session-waiting").filter({ hasText: notes });
  await expect(waiting.getByTestId("session-status")).toHaveText("Menunggu dikirim");
  await shot(page, "40-offline-waiting-phone");

  // --- A reload with no signal: the app and the waiting visit are still there.
  await page.reload();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByTestId("outbox-waiting")).toHaveText("1 menunggu dikirim");
  await expect(page.getByTestId("session-waiting").filter({ hasText: notes })).toBeVisible();
  await page.getByRole("button", { name: "Lihat" }).click();
  await expect(page.getByTestId("outbox-item")).toContainText(`Kunjungan · ${name}`);
  await shot(page, "41-offline-after-reload-phone");
  expect(created).toEqual([]);

  // --- The signal is back: it is sent by itself, once, and heads the household's timeline.
  await context.setOffline(false);
  const sent = page.getByTestId("session-item").filter({ hasText: notes });
  await expect(sent.getByTestId("session-status")).toHaveText("Menunggu verifikasi");
  await expect(page.getByTestId("outbox")).toHaveCount(0);
  await expect(page.getByTestId("session-waiting")).toHaveCount(0);
  // One record: one 201. A resend whose first answer was lost (the connection dropped under it)
  // is answered 200 with the same record, which is what the client id is for.
  expect(created.filter((status) => status === 201)).toEqual([201]);
  expect(created.filter((status) => status !== 201 && status !== 200)).toEqual([]);
  await page.reload();
  await expect(page.getByTestId("session-item").filter({ hasText: notes })).toHaveCount(1);
  await shot(page, "42-offline-sent-phone");
  await context.close();
});

test("signing out with a visit still waiting keeps it on the phone until the mentor signs in again", async ({ browser }) => {
  const notes = `Dicatat lalu keluar tanpa sinyal (uji ${Date.now()}).`;
  const context = await browser.newContext({ ...PHONE, locale: "id-ID", timezoneId: "Asia/Jakarta" });
  const page = await context.newPage();
  await signIn(page, "mentor@bina.demo");
  await expect(page).toHaveURL(/\/my-households$/);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const card = page.getByTestId("my-households").locator(".mantine-Card-root").first();

  await context.setOffline(true);
  await card.getByRole("link", { name: "Catat kunjungan" }).click();
  await page.getByLabel("Catatan").fill(notes);
  await page.getByRole("button", { name: "Simpan kunjungan" }).click();
  await expect(page.getByTestId("outbox-waiting")).toHaveText("1 menunggu dikirim");

  // Sign out with no signal: the sign-in page says a record waits on this phone.
  await page.getByRole("button", { name: "Akun" }).click();
  await page.getByRole("menuitem", { name: "Keluar" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByTestId("login-waiting")).toContainText("1 catatan menunggu dikirim");

  // Back online, the mentor signs in again: the visit goes, and is on the household's timeline.
  await context.setOffline(false);
  await signIn(page, "mentor@bina.demo");
  await expect(page.getByTestId("outbox")).toHaveCount(0);
  await page.getByTestId("my-households").locator(".mantine-Card-root").first().getByRole("button").first().click();
  await expect(page.getByTestId("session-item").filter({ hasText: notes })).toHaveCount(1);
  await context.close();
});
