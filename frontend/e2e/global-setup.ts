/**
 * Start the real API for the browser tests: a temporary SQLite database, migrations, a small demo
 * seed, the demo mentor holding one household in the demo coordinator's kecamatan, then
 * `bina serve` on a free port serving the built SPA. Returns the teardown.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const FRONTEND = resolve(import.meta.dirname, "..");
// The repository (its .venv has `bina`); BINA_REPO when the frontend is checked out elsewhere.
const ROOT = process.env.BINA_REPO ?? resolve(FRONTEND, "..");
const BINA = join(ROOT, ".venv/bin/bina");
export const PASSWORD = "Bina-Demo-Palembang-2024";

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? ok(address.port) : fail(new Error("no port"))));
    });
  });
}

async function waitFor(url: string, server: ChildProcess, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`bina serve exited with ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

async function token(base: string, email: string): Promise<string> {
  const body = new URLSearchParams({ grant_type: "password", username: email, password: PASSWORD });
  const r = await fetch(`${base}/api/v1/auth/token`, { method: "POST", body });
  if (!r.ok) throw new Error(`sign-in of ${email}: ${r.status}`);
  return ((await r.json()) as { access_token: string }).access_token;
}

const KERTAPATI = "16.71.13"; // the demo coordinator's kecamatan (camat.kertapati@bina.demo)

type Page<T> = { items: T[] };
type Assignment = { id: string; version: number };

/** The field story needs the demo mentor to hold exactly one household, in the demo coordinator's
 * kecamatan, so the coordinator can verify the mentor's visit. The seed's matching run may have
 * given it one elsewhere: end that, and take over a Kertapati household (as the program office
 * would, by reassigning it), or assign one that has no mentor. */
async function mentorHoldsKertapatiHousehold(base: string): Promise<void> {
  const admin = { Authorization: `Bearer ${await token(base, "admin@bina.demo")}`, "Content-Type": "application/json" };
  const mentor = { Authorization: `Bearer ${await token(base, "mentor@bina.demo")}` };
  const get = async <T>(path: string, headers: Record<string, string>): Promise<T> => {
    const r = await fetch(`${base}/api/v1${path}`, { headers });
    if (!r.ok) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  const post = async (path: string, body: object, ifMatch?: string): Promise<void> => {
    const headers = ifMatch ? { ...admin, "If-Match": ifMatch } : admin;
    const r = await fetch(`${base}/api/v1${path}`, { method: "POST", headers, body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`POST ${path}: ${r.status} ${await r.text()}`);
  };
  const mine = await get<Page<{ kecamatan_code: string }>>("/households?limit=5", mentor);
  if (mine.items.length === 1 && mine.items[0]?.kecamatan_code === KERTAPATI) return;
  const { mentor_id } = await get<{ mentor_id: string }>("/auth/me", mentor);
  const held = await get<Page<Assignment>>(`/assignments?mentor_id=${mentor_id}&status=active`, admin);
  for (const a of held.items) {
    await post(`/assignments/${a.id}/end`, { reason: "demo mentor moves to Kertapati (browser tests)" }, `"${a.version}"`);
  }
  const there = await get<Page<Assignment>>(`/assignments?kecamatan=${KERTAPATI}&status=active&limit=1`, admin);
  const taken = there.items[0];
  if (taken) {
    await post(`/assignments/${taken.id}/reassign`, { mentor_id, reason: "the demo mentor takes over (browser tests)" }, `"${taken.version}"`);
    return;
  }
  const open = await get<Page<{ id: string }>>(`/households?kecamatan=${KERTAPATI}&status=verified&limit=1`, admin);
  const household = open.items[0];
  if (!household) throw new Error("the seed made no household in Kertapati");
  await post("/assignments", { household_id: household.id, mentor_id });
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), "bina-e2e-"));
  const env = {
    ...process.env,
    BINA_DATABASE_URL: `sqlite+aiosqlite:///${join(dir, "bina.db")}`,
    BINA_ENV: "development",
    BINA_SPA_DIR: join(FRONTEND, "dist"),
    // The webhook test's receiver listens on loopback over plain http: allowed for this server only.
    BINA_WEBHOOKS_ALLOW_PRIVATE_NETWORKS: "true",
  };
  execFileSync(BINA, ["db", "upgrade"], { env, cwd: ROOT, stdio: "ignore" });
  execFileSync(BINA, ["seed", "--demo", "--households", "60", "--mentors", "80"], { env, cwd: ROOT, stdio: "ignore" });
  const port = await freePort();
  const server = spawn(BINA, ["serve", "--host", "127.0.0.1", "--port", String(port)], { env, cwd: ROOT, stdio: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/healthz`, server);
  await mentorHoldsKertapatiHousehold(base);
  process.env.BINA_E2E_URL = base;

  return async () => {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  };
}
