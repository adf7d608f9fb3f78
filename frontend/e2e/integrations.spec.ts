/** Integration clients in real Chromium against the real API: the secret shown once really works,
 * a rotation keeps the old one for the grace period, a revocation stops every token at once. */
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { shot, signIn, url } from "./helpers";

const NAME = "DTSEN Dinas Sosial (uji)";

async function tokenFor(request: APIRequestContext, clientId: string, secret: string) {
  return request.post(url("/api/v1/auth/token"), {
    form: { grant_type: "client_credentials", client_id: clientId, client_secret: secret },
  });
}

async function households(request: APIRequestContext, token: string) {
  return request.get(url("/api/v1/households?limit=5"), { headers: { Authorization: `Bearer ${token}` } });
}

/** The credentials in the shown-once dialog, after checking it warns and copies. */
async function readSecretDialog(page: Page): Promise<{ clientId: string; secret: string }> {
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("secret-warning")).toContainText("Hanya ditampilkan sekali ini");
  await expect(dialog.getByTestId("secret-warning")).toContainText("tidak dapat dilihat lagi");
  const clientId = (await dialog.getByTestId("client-id").innerText()).trim();
  const secret = (await dialog.getByTestId("client-secret").innerText()).trim();
  expect(clientId).toMatch(/^bina_[0-9a-f]{20}$/);
  expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await dialog.getByRole("button", { name: "Salin Rahasia klien (client_secret)" }).click();
  await expect(dialog.getByRole("button", { name: "Rahasia klien (client_secret) tersalin" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  return { clientId, secret };
}

async function pickAgency(page: Page, search: string, name: string): Promise<void> {
  await page.getByRole("dialog").getByLabel("Instansi pemilik").click();
  await page.getByRole("textbox", { name: "Cari" }).fill(search);
  await page.getByRole("option", { name, exact: true }).click();
  await expect(page.getByRole("dialog").getByLabel("Instansi pemilik")).toHaveText(name);
}

async function rowAction(page: Page, action: string): Promise<void> {
  await page.getByRole("button", { name: `Tindakan untuk ${NAME}` }).click();
  await page.getByRole("menuitem", { name: action }).click();
}

test("admin registers a client, its secret works once shown, rotation keeps the old one, revocation stops its tokens", async ({
  page,
  context,
  request,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, "admin@bina.demo");
  await page.getByRole("link", { name: "Integrasi" }).click();
  await expect(page.getByRole("heading", { name: "Integrasi" })).toBeVisible();

  await page.getByRole("button", { name: "Daftarkan sistem" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Nama sistem").fill(NAME);
  await pickAgency(page, "Sosial", "Dinas Sosial");
  await dialog.getByRole("checkbox", { name: "Baca rumah tangga" }).check();
  await dialog.getByRole("checkbox", { name: "Baca statistik" }).check();
  await dialog.getByLabel("Wilayah").fill("Kertapati");
  await page.getByRole("option", { name: "Kecamatan Kertapati" }).click();
  await dialog.getByLabel("Nama sistem").click(); // close the region list for the picture
  await shot(page, "50-integration-create");
  await dialog.getByRole("button", { name: "Daftarkan", exact: true }).click();

  await expect(page.getByRole("dialog", { name: `${NAME} terdaftar: simpan kredensialnya` })).toBeVisible();
  const first = await readSecretDialog(page);
  await shot(page, "51-integration-secret");

  // The secret works against the real API, and the token reaches households (households:read).
  const issued = await tokenFor(request, first.clientId, first.secret);
  expect(issued.status()).toBe(200);
  const firstToken = ((await issued.json()) as { access_token: string }).access_token;
  expect((await households(request, firstToken)).status()).toBe(200);

  await page.getByRole("button", { name: "Sudah saya simpan" }).click();
  await expect(page.getByRole("dialog")).toBeHidden();
  await page.reload(); // the list now knows when it last took a token
  const row = page.getByTestId("integration-client").filter({ hasText: NAME });
  await expect(row).toContainText("Dinas Sosial");
  await expect(row).not.toContainText("DINSOS");
  await expect(row).toContainText("Baca rumah tangga");
  await expect(row).toContainText("Baca statistik");
  await expect(row).toContainText("Kecamatan Kertapati");
  await expect(row).not.toContainText("16.71.13");
  await expect(row).toContainText("Aktif");
  await expect(row).toContainText(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} WIB/);
  await shot(page, "52-integrations");

  // Rotate with the default grace (24 h): the new secret works, and so does the old one meanwhile.
  await rowAction(page, "Ganti rahasia");
  await expect(page.getByRole("dialog").getByLabel("Masa tenggang rahasia lama")).toHaveValue("24 jam");
  await page.getByRole("button", { name: "Buat rahasia baru" }).click();
  await expect(page.getByRole("dialog", { name: `Rahasia baru untuk ${NAME}` })).toBeVisible();
  await expect(page.getByRole("dialog")).toContainText(/Rahasia lama masih berlaku sampai \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} WIB/);
  const second = await readSecretDialog(page);
  expect(second.clientId).toBe(first.clientId);
  expect(second.secret).not.toBe(first.secret);
  await shot(page, "53-integration-rotated");
  expect((await tokenFor(request, second.clientId, second.secret)).status()).toBe(200);
  expect((await tokenFor(request, first.clientId, first.secret)).status()).toBe(200);
  await page.getByRole("button", { name: "Sudah saya simpan" }).click();

  // Change its access: one more scope.
  await rowAction(page, "Ubah akses");
  const edit = page.getByRole("dialog", { name: "Ubah akses" });
  await expect(edit.getByRole("checkbox", { name: "Baca statistik" })).toBeChecked();
  await edit.getByRole("checkbox", { name: "Baca pendamping" }).check();
  await shot(page, "54-integration-edit");
  await edit.getByRole("button", { name: "Simpan" }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText("Baca pendamping");

  // Revoke: asked first; then every token it holds and both secrets stop at once.
  await rowAction(page, "Cabut akses");
  await expect(page.getByRole("dialog", { name: "Cabut akses sistem ini?" })).toContainText("tidak dapat dibatalkan");
  await shot(page, "55-integration-revoke");
  await page.getByRole("dialog").getByRole("button", { name: "Cabut akses" }).click();
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(row).toContainText("Dicabut");
  await expect(page.getByRole("button", { name: `Tindakan untuk ${NAME}` })).toHaveCount(0);
  expect((await households(request, firstToken)).status()).toBe(401);
  const refused = await tokenFor(request, second.clientId, second.secret);
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { error: string }).error).toBe("invalid_client");
});

test.describe("integrations on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test("the form, the secret and the list fit the screen", async ({ page }) => {
    const fits = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await signIn(page, "admin@bina.demo");
    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("link", { name: "Integrasi" }).click();
    await expect(page.getByRole("heading", { name: "Integrasi" })).toBeVisible();

    await page.getByRole("button", { name: "Daftarkan sistem" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Nama sistem").fill("SIASN BKPSDM (uji ponsel)");
    await pickAgency(page, "Kependudukan", "Dinas Kependudukan dan Pencatatan Sipil");
    for (const scope of ["Baca rumah tangga", "Lihat NIK/KK utuh", "Baca pendamping", "Ubah pendamping", "Baca kunjungan", "Kelola webhook"]) {
      await dialog.getByRole("checkbox", { name: scope }).check();
    }
    await dialog.getByLabel("Wilayah").fill("Plaju");
    await page.getByRole("option", { name: "Kecamatan Plaju" }).click();
    await dialog.getByLabel("Nama sistem").click();
    await shot(page, "56-integration-create-phone");
    await fits();
    await dialog.getByRole("button", { name: "Daftarkan", exact: true }).click();
    await expect(page.getByTestId("client-secret")).toBeVisible();
    await shot(page, "57-integration-secret-phone");
    await fits();
    await page.getByRole("button", { name: "Sudah saya simpan" }).click();

    await expect(page.getByTestId("integration-client").filter({ hasText: "SIASN BKPSDM (uji ponsel)" })).toBeVisible();
    await shot(page, "58-integrations-phone");
    await fits();
  });
});
