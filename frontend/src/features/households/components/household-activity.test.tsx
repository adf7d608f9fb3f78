import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { clearSession, startSession } from "@/lib/auth/session";
import { fakeApi, renderWithApp } from "@/testing/render";

import type { ActionItem } from "../api/get-household-activity";

import { ActionItemsCard } from "./household-activity";

const HOUSEHOLD = "3b3e5262-d605-4f2f-89aa-d860cc535c6d";

function item(title: string, overrides: Partial<ActionItem>): ActionItem {
  return {
    id: crypto.randomUUID(),
    session_id: "5e0c1d2b-7a8f-4b3c-9d6e-0f1a2b3c4d5e",
    household_id: HOUSEHOLD,
    title,
    due_date: "2026-10-31",
    status: "open",
    overdue: false,
    done_at: null,
    version: 2,
    created_at: "2026-10-01T03:00:00Z",
    updated_at: "2026-10-01T03:00:00Z",
    ...overrides,
  };
}

const overdue = item("Daftar kartu KUSUKA", { overdue: true });
const done = item("Ikut pelatihan olahan ikan", { status: "done", done_at: "2026-11-02T03:00:00Z" });
const open = item("Urus kartu JKN", { due_date: "2026-12-05" });

function setup(patch: { status: number; body?: unknown }, mayComplete = true) {
  const api = fakeApi({
    [`GET /api/v1/households/${HOUSEHOLD}/actions`]: { status: 200, body: { items: [done, open, overdue], next_cursor: null, total: null } },
    [`PATCH /api/v1/action-items/${overdue.id}`]: patch,
  });
  vi.stubGlobal("fetch", api.fetch);
  renderWithApp(<ActionItemsCard householdId={HOUSEHOLD} mayComplete={mayComplete} />);
  return api;
}

beforeEach(() => startSession({ access_token: "A", expires_in: 900, refresh_token: "R" }));
afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
});

describe("agreed steps", () => {
  it("puts overdue first, says how many, and marks one done with If-Match", async () => {
    const api = setup({ status: 200, body: { ...overdue, status: "done", overdue: false, version: 3 } });
    expect(await screen.findByText("1 terlambat")).toBeTruthy();
    const titles = screen.getAllByText(/KUSUKA|JKN|pelatihan/).map((e) => e.textContent);
    expect(titles).toEqual(["Daftar kartu KUSUKA", "Urus kartu JKN", "Ikut pelatihan olahan ikan"]);
    expect(screen.queryByRole("button", { name: "Tandai selesai: Ikut pelatihan olahan ikan" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Tandai selesai: Daftar kartu KUSUKA" }));
    await waitFor(() => expect(api.seen.some((r) => r.method === "PATCH")).toBe(true));
    const sent = api.seen.find((r) => r.method === "PATCH");
    expect(sent?.headers.get("If-Match")).toBe('"2"');
    expect(await sent?.json()).toEqual({ status: "done" });
  });

  it("on 412 says someone else changed it and offers a reload", async () => {
    setup({ status: 412, body: { type: "t", title: "Precondition failed", status: 412, detail: "stale" } });
    fireEvent.click(await screen.findByRole("button", { name: "Tandai selesai: Daftar kartu KUSUKA" }));
    expect(await screen.findByText("Data telah diubah orang lain")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Muat ulang" })).toBeTruthy();
  });

  it("shows no buttons to a reader (auditor)", async () => {
    setup({ status: 200 }, false);
    expect(await screen.findByText("1 terlambat")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Tandai selesai/ })).toBeNull();
  });
});
