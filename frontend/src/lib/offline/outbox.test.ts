import { onlineManager, QueryClient } from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { ApiError } from "@/lib/api/problem";
import { clearSession, startSession } from "@/lib/auth/session";

import { NotOwnerError, OUTBOX, registerOutbox, shouldRetry, submitToOutbox, type OutboxJob, type OutboxMutation } from "./outbox";
import { startOffline, stopOffline, waitingOnDevice } from "./persist";

// A new user per test: a store write still pending from the test before never meets this one.
let USER = "";
let OTHER = "";

function visit(owner?: string, id: string = crypto.randomUUID()): OutboxJob {
  return {
    kind: "session",
    owner: owner ?? USER,
    householdId: "h1",
    householdName: "Siti Aminah",
    queuedAt: "2026-11-28T03:00:00Z",
    body: { id, assignment_id: "a1", occurred_at: "2026-11-28T02:00:00Z", kind: "home_visit", duration_minutes: 30, topics: ["health"], notes: "Ke puskesmas." },
  };
}

const clients: QueryClient[] = [];

/** A client as the app mounts it (mounted: it resumes paused writes when the browser is online). */
function newClient(register = registerOutbox): QueryClient {
  const client = new QueryClient();
  register(client);
  client.mount();
  clients.push(client);
  return client;
}

/** The API as the phone sees it: answers by a function, records each visit id it was sent. */
function api(answer: (body: { id: string }) => Response | Promise<Response>) {
  const sent: string[] = [];
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const body = (await request.clone().json()) as { id: string };
    sent.push(body.id);
    return answer(body);
  });
  return sent;
}

const json = (status: number, body: object) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
const created = (body: object) => json(201, { ...body, household_id: "h1", status: "submitted" });

function outbox(client: QueryClient): OutboxMutation[] {
  return client.getMutationCache().findAll({ mutationKey: [OUTBOX] }) as unknown as OutboxMutation[];
}

function handlers() {
  return { onSent: vi.fn(), onQueued: vi.fn(), onRefused: vi.fn() };
}

beforeEach(() => {
  USER = crypto.randomUUID();
  OTHER = crypto.randomUUID();
  startSession({ access_token: "A", expires_in: 900, refresh_token: "R" });
  onlineManager.setOnline(true);
});
afterEach(() => {
  for (const c of clients.splice(0)) c.unmount();
  vi.unstubAllGlobals();
  clearSession();
  onlineManager.setOnline(true);
});

describe("what is worth another try", () => {
  it("retries no answer, a lapsed sign-in and the server's trouble; never a refusal", () => {
    expect(shouldRetry(1, new TypeError("Failed to fetch"))).toBe(true);
    expect(shouldRetry(40, new DOMException("timed out", "TimeoutError"))).toBe(true);
    expect(shouldRetry(3, new ApiError(401, null))).toBe(true);
    expect(shouldRetry(1, new ApiError(503, null))).toBe(true);
    expect(shouldRetry(6, new ApiError(503, null))).toBe(false); // then the mentor sees it
    expect(shouldRetry(0, new ApiError(422, null))).toBe(false);
    expect(shouldRetry(0, new ApiError(404, null))).toBe(false);
    expect(shouldRetry(0, new NotOwnerError())).toBe(false);
  });
});

describe("a visit recorded without signal", () => {
  afterEach(() => stopOffline(new QueryClient()));

  it("waits on the device, sends nothing offline, and is sent once when the signal is back", async () => {
    const sent = api((body) => created(body));
    const client = newClient();
    await startOffline(client, USER);
    onlineManager.setOnline(false);
    const on = handlers();
    const job = visit();
    submitToOutbox(client, job, on);
    await vi.waitFor(() => expect(on.onQueued).toHaveBeenCalledOnce());
    expect(sent).toEqual([]);
    expect(outbox(client).map((m) => m.state.isPaused)).toEqual([true]);

    onlineManager.setOnline(true); // TanStack resumes paused writes on "online"
    await vi.waitFor(() => expect(outbox(client)[0]?.state.status).toBe("success"));
    expect(sent).toEqual([job.kind === "session" && job.body.id]);
    expect(on.onSent).not.toHaveBeenCalled(); // the form was left long ago
  });

  it("is on the device after a reload (a new page, a new cache) and is sent from there", async () => {
    const sent = api((body) => created(body));
    const before = newClient();
    await startOffline(before, USER);
    onlineManager.setOnline(false);
    const job = visit();
    submitToOutbox(before, job, handlers());
    await vi.waitFor(() => expect(localStorage.getItem(`bina.offline.${USER}`)).toContain(job.kind === "session" ? job.body.id : ""));

    // The reload: the page and this module's memory are gone, the device's store is not.
    before.unmount();
    before.getMutationCache().clear();
    vi.resetModules();
    const fresh = await import("./persist");
    const freshOutbox = await import("./outbox");
    const after = newClient(freshOutbox.registerOutbox);
    await fresh.startOffline(after, USER);
    fresh.sendWaiting(after); // offline: they stay paused
    const restored = outbox(after);
    expect(restored.map((m) => [m.state.status, m.state.isPaused, m.state.variables])).toEqual([["pending", true, job]]);

    onlineManager.setOnline(true);
    await vi.waitFor(() => expect(restored[0]?.state.status).toBe("success"));
    expect(sent).toEqual([job.kind === "session" && job.body.id]);
    fresh.stopOffline(after);
  });

  it("keeps a refusal for the mentor to read, also after a reload, and resends the same visit", async () => {
    let refuse = true;
    const sent = api((body) =>
      refuse
        ? json(422, { type: "x", title: "Validation failed", status: 422, detail: "1 invalid field", errors: [{ loc: ["body", "assignment_id"], msg: "not active", type: "assignment_not_active" }] })
        : created(body),
    );
    const client = newClient();
    await startOffline(client, USER);
    onlineManager.setOnline(false);
    const job = visit();
    submitToOutbox(client, job, handlers());
    onlineManager.setOnline(true);
    await vi.waitFor(() => expect(outbox(client)[0]?.state.status).toBe("error"));
    await vi.waitFor(() => expect(localStorage.getItem(`bina.offline.${USER}`)).toContain("assignment_not_active"));

    vi.resetModules();
    const fresh = await import("./persist");
    const freshOutbox = await import("./outbox");
    const freshProblem = await import("@/lib/api/problem");
    const after = newClient(freshOutbox.registerOutbox);
    await fresh.startOffline(after, USER);
    const [kept] = outbox(after);
    expect(kept?.state.status).toBe("error");
    expect(freshProblem.isApiError(kept?.state.error, 422)).toBe(true);
    expect((kept?.state.error as ApiError).fieldErrors[0]?.type).toBe("assignment_not_active");

    refuse = false;
    freshOutbox.resend(after, kept as OutboxMutation);
    await vi.waitFor(() => expect(outbox(after).map((m) => m.state.status)).toEqual(["success"]));
    const id = job.kind === "session" ? job.body.id : "";
    expect(sent).toEqual([id, id]); // the same visit both times
    fresh.stopOffline(after);
  });

  it("is never sent under another user's sign-in; it waits on the device for its owner", async () => {
    const sent = api((body) => created(body));
    const mine = newClient();
    await startOffline(mine, USER);
    onlineManager.setOnline(false);
    submitToOutbox(mine, visit(), handlers());
    await vi.waitFor(() => expect(localStorage.getItem(`bina.offline.${USER}`)).toContain("Ke puskesmas."));

    await startOffline(mine, OTHER); // someone else signs in on this phone
    onlineManager.setOnline(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(outbox(mine)).toEqual([]);
    expect(sent).toEqual([]);
    expect(localStorage.getItem(`bina.offline.${USER}`)).toContain("Ke puskesmas.");
    // The sign-in page can say something waits here, for whoever recorded it.
    expect(waitingOnDevice()).toBeGreaterThanOrEqual(1);
  });
});

describe("a visit answered at once", () => {
  it("is sent and leaves nothing waiting; a refusal goes back to the form and is not kept", async () => {
    api((body) => (body.id === "bad" ? json(404, { type: "x", title: "Not found", status: 404, detail: "no" }) : created(body)));
    const client = newClient();
    const ok = handlers();
    submitToOutbox(client, visit("", "good"), ok);
    await vi.waitFor(() => expect(ok.onSent).toHaveBeenCalledOnce());
    const bad = handlers();
    submitToOutbox(client, visit("", "bad"), bad);
    await vi.waitFor(() => expect(bad.onRefused).toHaveBeenCalledOnce());
    expect(outbox(client).map((m) => m.state.status)).toEqual(["success"]);
  });
});
