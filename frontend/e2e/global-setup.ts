/**
 * Start the real API for the browser tests: a temporary SQLite database, migrations, a small demo
 * seed, one household assigned to the demo mentor, then `bina serve` on a free port serving the
 * built SPA. Returns the teardown.
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

/** Make sure the demo mentor has a household (the demo story's matching run usually gave it
 * one); if not, assign the first of the list, as the program office would. */
async function assignMentorOneHousehold(base: string): Promise<void> {
  const admin = { Authorization: `Bearer ${await token(base, "admin@bina.demo")}`, "Content-Type": "application/json" };
  const mentor = { Authorization: `Bearer ${await token(base, "mentor@bina.demo")}` };
  const mine = (await (await fetch(`${base}/api/v1/households?limit=1`, { headers: mentor })).json()) as { items: unknown[] };
  if (mine.items.length > 0) return;
  const me = (await (await fetch(`${base}/api/v1/auth/me`, { headers: mentor })).json()) as { mentor_id: string };
  const page = (await (await fetch(`${base}/api/v1/households?limit=1&sort=head_name`, { headers: admin })).json()) as {
    items: { id: string }[];
  };
  const household = page.items[0];
  if (!household) throw new Error("the seed made no household");
  const r = await fetch(`${base}/api/v1/assignments`, {
    method: "POST",
    headers: admin,
    body: JSON.stringify({ household_id: household.id, mentor_id: me.mentor_id }),
  });
  if (!r.ok) throw new Error(`assignment: ${r.status} ${await r.text()}`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), "bina-e2e-"));
  const env = {
    ...process.env,
    BINA_DATABASE_URL: `sqlite+aiosqlite:///${join(dir, "bina.db")}`,
    BINA_ENV: "development",
    BINA_SPA_DIR: join(FRONTEND, "dist"),
  };
  execFileSync(BINA, ["db", "upgrade"], { env, cwd: ROOT, stdio: "ignore" });
  execFileSync(BINA, ["seed", "--demo", "--households", "60", "--mentors", "80"], { env, cwd: ROOT, stdio: "ignore" });
  const port = await freePort();
  const server = spawn(BINA, ["serve", "--host", "127.0.0.1", "--port", String(port)], { env, cwd: ROOT, stdio: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/healthz`, server);
  await assignMentorOneHousehold(base);
  process.env.BINA_E2E_URL = base;

  return async () => {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  };
}
