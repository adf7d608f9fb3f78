/** Shared steps of the browser tests: addresses, signing in, screenshots. */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";

import { expect, type Page } from "@playwright/test";

export const PASSWORD = "Bina-Demo-Palembang-2024";
const SHOTS = resolve(import.meta.dirname, "../test-results/screens");
mkdirSync(SHOTS, { recursive: true });

export function url(path: string): string {
  const base = process.env.BINA_E2E_URL;
  if (!base) throw new Error("BINA_E2E_URL is unset: run through `npm run e2e` (global setup)");
  return base + path;
}

export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(url("/login"));
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill(PASSWORD);
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

export async function shot(page: Page, name: string): Promise<void> {
  // Let fonts, charts and transitions settle so the picture shows the finished page.
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}
