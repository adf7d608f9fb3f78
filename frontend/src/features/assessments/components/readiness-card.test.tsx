import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { clearSession, startSession } from "@/lib/auth/session";
import { fakeApi, renderWithApp } from "@/testing/render";

import type { Assessment } from "../api/get-assessments";

import { ReadinessCard } from "./readiness-card";

const HOUSEHOLD = "3b3e5262-d605-4f2f-89aa-d860cc535c6d";
const criterion = (name: string, met: boolean, value: unknown) => ({ name, met, value, threshold: null, weight: 1 });

function assessment(ready: boolean): Assessment {
  return {
    id: "a7c1d9e2-5b3f-4e6a-9d8c-1f2e3d4c5b6a",
    household_id: HOUSEHOLD,
    assessed_on: "2026-11-20",
    mentor_id: null,
    per_capita_expenditure: 14700,
    income_sources: ["own_business", "wage_daily"],
    savings_rupiah: ready ? 550000 : 0,
    adminduk_complete: true,
    jkn_all_members: true,
    children_7_18: 2,
    children_7_18_in_school: 2,
    floor: "keramik",
    water: "ledeng",
    sanitation: "jamban_sendiri",
    desil: 2,
    notes: null,
    poverty_line: 11605,
    readiness_score: ready ? 1 : 0.9,
    ready,
    criteria: [criterion("expenditure_above_line", true, 14700), criterion("savings", ready, ready ? 550000 : 0), criterion("jkn_all_members", true, null)],
    redacted: false,
    created_by: null,
    version: 1,
    created_at: "2026-11-20T03:00:00Z",
    updated_at: "2026-11-20T03:00:00Z",
  };
}

function setup(ready: boolean, { mayGraduate = true, status = "mentoring", graduate = { status: 200, body: {} } } = {}) {
  const api = fakeApi({
    [`GET /api/v1/households/${HOUSEHOLD}/assessments`]: { status: 200, body: { items: [assessment(ready)], next_cursor: null, total: null } },
    [`POST /api/v1/households/${HOUSEHOLD}/graduate`]: graduate,
  });
  vi.stubGlobal("fetch", api.fetch);
  const onReload = vi.fn(async () => undefined);
  renderWithApp(<ReadinessCard householdId={HOUSEHOLD} householdStatus={status} etag='"7"' mayGraduate={mayGraduate} onReload={onReload} />);
  return { api, onReload };
}

beforeEach(() => startSession({ access_token: "A", expires_in: 900, refresh_token: "R" }));
afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
});

describe("graduation readiness", () => {
  it("lists each criterion with what was measured, and no Luluskan while not ready", async () => {
    setup(false);
    expect(await screen.findByText("Belum siap")).toBeTruthy();
    expect(screen.getByText("90%")).toBeTruthy();
    expect(screen.getByText("Pengeluaran ≥ garis kemiskinan ekstrem (Rp 11.605)")).toBeTruthy();
    expect(screen.getByText("(Rp 0)")).toBeTruthy();
    expect(screen.getByText("(belum diukur)")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Luluskan" })).toBeNull();
  });

  it.each([
    ["a role that does not verify", { mayGraduate: false }],
    ["a household already graduated and monitored", { status: "monitoring" }],
  ])("offers no Luluskan to %s", async (_, options) => {
    setup(true, options);
    expect(await screen.findByText("Siap lulus")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Luluskan" })).toBeNull();
  });

  it("graduates with the household's ETag and the assessment it judged", async () => {
    const { api } = setup(true);
    fireEvent.click(await screen.findByRole("button", { name: "Luluskan" }));
    fireEvent.click(await screen.findByRole("button", { name: "Ya, luluskan" }));
    await waitFor(() => expect(api.seen.some((r) => r.method === "POST")).toBe(true));
    const sent = api.seen.find((r) => r.method === "POST");
    expect(sent?.headers.get("If-Match")).toBe('"7"');
    expect(await sent?.json()).toEqual({ assessment_id: assessment(true).id, note: null });
  });

  it("on 412 offers a reload of the household instead of a blind retry", async () => {
    const { onReload } = setup(true, { graduate: { status: 412, body: { type: "t", title: "Precondition failed", status: 412, detail: "stale" } } });
    fireEvent.click(await screen.findByRole("button", { name: "Luluskan" }));
    fireEvent.click(await screen.findByRole("button", { name: "Ya, luluskan" }));
    fireEvent.click(await screen.findByRole("button", { name: "Muat ulang" }));
    await waitFor(() => expect(onReload).toHaveBeenCalledOnce());
  });
});
