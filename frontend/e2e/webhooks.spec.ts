/** Webhooks in real Chromium against the real API (its in-process job worker on SQLite): a tiny
 * receiver on loopback records what Bina sends; the admin adds a webhook pointing at it, sends a
 * test event, sees the delivery succeed, sends it again, rotates the secret, meets someone else's
 * change (412), disables it and deletes it. */
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";

import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { PASSWORD, shot, signIn, url } from "./helpers";

type Received = { path: string; headers: IncomingHttpHeaders; body: string };

/** An HTTP receiver on a free loopback port that answers 200 and keeps every request. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "Content-Type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const address = server.address();
  if (!address || typeof address !== "object") throw new Error("the receiver has no port");
  return { server, url: `http://127.0.0.1:${address.port}/hooks/bina`, received };
}

/** Standard Webhooks: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` with the decoded secret. */
function signature(secret: string, r: Received): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signed = `${String(r.headers["webhook-id"])}.${String(r.headers["webhook-timestamp"])}.${r.body}`;
  return `v1,${createHmac("sha256", key).update(signed).digest("base64")}`;
}

async function readSecret(page: Page): Promise<string> {
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("secret-warning")).toContainText("Hanya ditampilkan sekali ini");
  const secret = (await dialog.getByTestId("webhook-secret").innerText()).trim();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
  return secret;
}

async function adminToken(request: APIRequestContext): Promise<string> {
  const r = await request.post(url("/api/v1/auth/token"), { form: { grant_type: "password", username: "admin@bina.demo", password: PASSWORD } });
  return ((await r.json()) as { access_token: string }).access_token;
}

async function openWebhooks(page: Page): Promise<void> {
  await page.getByRole("link", { name: "Integrasi" }).click();
  await page.getByRole("tab", { name: "Webhook" }).click();
  await expect(page).toHaveURL(/\/admin\/integrations\/webhooks$/);
}

let receiver: Awaited<ReturnType<typeof startReceiver>>;
test.beforeAll(async () => {
  receiver = await startReceiver();
});
test.afterAll(async () => {
  await new Promise((ok) => receiver.server.close(ok));
});

test("admin adds a webhook, a test event reaches the receiver signed, then disables and deletes it", async ({ page, request }) => {
  await signIn(page, "admin@bina.demo");
  await openWebhooks(page);

  await page.getByRole("button", { name: "Tambah webhook" }).click();
  const dialog = page.getByRole("dialog", { name: "Tambah webhook" });
  await dialog.getByLabel("URL penerima").fill(receiver.url);
  await dialog.getByRole("checkbox", { name: "Kunjungan dicatat" }).check();
  await dialog.getByRole("checkbox", { name: "Kelulusan dicatat" }).check();
  await dialog.getByLabel("Keterangan").fill("Penerima uji DTSEN Dinas Sosial");
  await shot(page, "60-webhook-create");
  await dialog.getByRole("button", { name: "Simpan webhook" }).click();

  await expect(page.getByRole("dialog", { name: "Webhook ditambahkan: simpan rahasianya" })).toBeVisible();
  const secret = await readSecret(page);
  await shot(page, "61-webhook-secret");
  await page.getByRole("button", { name: "Sudah saya simpan" }).click();
  await expect(page.getByRole("dialog")).toBeHidden();

  const row = page.getByTestId("webhook").filter({ hasText: receiver.url });
  await expect(row).toContainText("Kunjungan dicatat");
  await expect(row).toContainText("Kelulusan dicatat");
  await expect(row).not.toContainText("mentoring_session.recorded");
  await expect(row).toContainText("Penerima uji DTSEN Dinas Sosial");
  await expect(row).toContainText("Aktif");
  await expect(row).toContainText("Admin: Admin Program (demo)");
  await shot(page, "62-webhooks");

  // The detail: no delivery yet; a test event is sent, delivered, and shows as succeeded.
  await row.getByRole("link", { name: receiver.url }).click();
  await expect(page.getByTestId("webhook-url")).toHaveText(receiver.url);
  await expect(page.getByText("Belum ada pengiriman.", { exact: false })).toBeVisible();
  await page.getByRole("button", { name: "Kirim tes" }).click();
  const delivery = page.getByTestId("delivery").filter({ hasText: "Uji webhook" });
  await expect(delivery).toHaveCount(1);
  await expect(delivery).toContainText("Berhasil");
  await expect(delivery).toContainText("200");
  await expect(delivery).toContainText(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} WIB/);
  await shot(page, "63-webhook-detail");

  // The receiver got it: Standard Webhooks headers, signed with the secret shown once.
  expect(receiver.received).toHaveLength(1);
  const first = receiver.received[0]!;
  expect(first.path).toBe("/hooks/bina");
  expect(first.headers["webhook-id"]).toBeTruthy();
  expect(first.headers["webhook-timestamp"]).toMatch(/^\d+$/);
  expect(String(first.headers["webhook-signature"]).split(" ")).toContain(signature(secret, first));
  expect((JSON.parse(first.body) as { type: string }).type).toBe("webhook.test");

  // Sent again: the same message (same webhook-id), a new attempt.
  await delivery.getByRole("button", { name: /^Kirim ulang Uji webhook/ }).click();
  await expect.poll(() => receiver.received.length).toBe(2);
  expect(receiver.received[1]!.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
  await expect(delivery).toContainText("Berhasil");

  // Rotate: a new secret, shown once; during the grace period both sign.
  await page.getByRole("button", { name: "Ganti rahasia" }).click();
  await expect(page.getByRole("dialog").getByLabel("Masa tenggang rahasia lama")).toHaveValue("24 jam");
  await page.getByRole("button", { name: "Buat rahasia baru" }).click();
  await expect(page.getByRole("dialog", { name: "Rahasia baru webhook" })).toContainText(/Rahasia lama ikut menandatangani sampai \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} WIB/);
  const rotated = await readSecret(page);
  expect(rotated).not.toBe(secret);
  await page.getByRole("button", { name: "Sudah saya simpan" }).click();
  await page.getByRole("button", { name: "Kirim tes" }).click();
  await expect.poll(() => receiver.received.length).toBe(3);
  const third = receiver.received[2]!;
  const signatures = String(third.headers["webhook-signature"]).split(" ");
  expect(signatures).toContain(signature(rotated, third));
  expect(signatures).toContain(signature(secret, third));
  await expect(page.getByTestId("delivery").filter({ hasText: "Uji webhook" })).toHaveCount(2);

  // Disable it: the reason shows, and "Kirim tes" is off.
  await page.getByRole("button", { name: "Nonaktifkan" }).click();
  await expect(page.getByText("Nonaktif", { exact: true })).toBeVisible();
  await expect(page.getByTestId("disabled-reason")).toContainText("Dinonaktifkan oleh admin");
  await expect(page.getByRole("button", { name: "Kirim tes" })).toBeDisabled();
  await shot(page, "64-webhook-disabled");

  // Someone else changes it meanwhile: enabling with the old ETag is refused (412) and reloads.
  const id = page.url().split("/").pop() ?? "";
  const headers = { Authorization: `Bearer ${await adminToken(request)}` };
  const current = await request.get(url(`/api/v1/webhooks/${id}`), { headers });
  const changed = await request.patch(url(`/api/v1/webhooks/${id}`), {
    headers: { ...headers, "If-Match": current.headers()["etag"] ?? "" },
    data: { description: "Diubah admin lain" },
  });
  expect(changed.status()).toBe(200);
  await page.getByRole("button", { name: "Aktifkan" }).click();
  await expect(page.getByText("Data telah diubah orang lain")).toBeVisible();
  await expect(page.getByText("Diubah admin lain")).toBeVisible();
  await page.getByRole("button", { name: "Aktifkan" }).click(); // now with the current ETag
  await expect(page.getByText("Aktif", { exact: true })).toBeVisible();

  // Delete: asked first; back on the list, it is gone.
  await page.getByRole("button", { name: "Hapus" }).click();
  await expect(page.getByRole("dialog", { name: "Hapus webhook ini?" })).toContainText("tidak dapat dibatalkan");
  await shot(page, "65-webhook-delete");
  await page.getByRole("dialog").getByRole("button", { name: "Hapus" }).click();
  await expect(page).toHaveURL(/\/admin\/integrations\/webhooks$/);
  await expect(page.getByTestId("webhook").filter({ hasText: receiver.url })).toHaveCount(0);
  expect((await request.get(url(`/api/v1/webhooks/${id}`), { headers })).status()).toBe(404);
});

test.describe("webhooks on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test("the form, the secret, the list and the deliveries fit the screen", async ({ page }) => {
    const fits = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await signIn(page, "admin@bina.demo");
    await page.getByRole("button", { name: "Menu" }).click();
    await openWebhooks(page);

    await page.getByRole("button", { name: "Tambah webhook" }).click();
    const dialog = page.getByRole("dialog");
    const long = `${receiver.url}/sangat-panjang/untuk-menguji-pembungkusan-alamat?sumber=bina-palembang`;
    await dialog.getByLabel("URL penerima").fill(long);
    for (const e of ["Rumah tangga baru", "Status rumah tangga berubah", "Pendampingan dimulai", "Kunjungan diverifikasi"]) {
      await dialog.getByRole("checkbox", { name: e }).check();
    }
    await shot(page, "66-webhook-create-phone");
    await fits();
    await dialog.getByRole("button", { name: "Simpan webhook" }).click();
    await expect(page.getByTestId("webhook-secret")).toBeVisible();
    await shot(page, "67-webhook-secret-phone");
    await fits();
    await page.getByRole("button", { name: "Sudah saya simpan" }).click();

    const card = page.getByTestId("webhook").filter({ hasText: long });
    await expect(card).toBeVisible();
    await shot(page, "68-webhooks-phone");
    await fits();

    await card.getByRole("link").click();
    await page.getByRole("button", { name: "Kirim tes" }).click();
    await expect(page.getByTestId("delivery").filter({ hasText: "Berhasil" })).toHaveCount(1);
    await shot(page, "69-webhook-detail-phone");
    await fits();
  });
});
