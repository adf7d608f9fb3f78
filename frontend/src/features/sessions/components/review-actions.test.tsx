import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { clearSession, startSession } from "@/lib/auth/session";
import { fakeApi, renderWithApp } from "@/testing/render";

import { ReviewActions } from "./review-actions";
import { savedSession } from "./session.fixture";

const ID = "9d1b6c3e-0f4a-4f7e-8a51-3c2e1d0b9a87";
const session = savedSession({ id: ID, occurred_at: "2026-11-27T03:00:00Z", duration_minutes: 45 }, { version: 3 });
const URL = `/api/v1/mentoring-sessions/${ID}`;

function setup(routes: Parameters<typeof fakeApi>[0]) {
  const api = fakeApi(routes);
  vi.stubGlobal("fetch", api.fetch);
  const onReload = vi.fn(async () => undefined);
  renderWithApp(<ReviewActions session={session} onReload={onReload} />);
  return { api, onReload };
}

beforeEach(() => startSession({ access_token: "A", expires_in: 900, refresh_token: "R" }));
afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
});

describe("verifying and rejecting a visit", () => {
  it("verify sends If-Match with the version the coordinator saw", async () => {
    const { api } = setup({ [`POST ${URL}/verify`]: { status: 200, body: { ...session, status: "verified", version: 4 } } });
    fireEvent.click(screen.getByRole("button", { name: "Verifikasi" }));
    await waitFor(() => expect(api.seen.some((r) => r.url.endsWith("/verify"))).toBe(true));
    const sent = api.seen.find((r) => r.url.endsWith("/verify"));
    expect(sent?.headers.get("If-Match")).toBe('"3"');
    expect(await sent?.json()).toEqual({ note: null });
    await waitFor(() => expect(screen.getByRole("button", { name: "Verifikasi" }).hasAttribute("data-loading")).toBe(false));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("reject needs a reason, and sends it", async () => {
    const { api } = setup({ [`POST ${URL}/reject`]: { status: 200, body: { ...session, status: "rejected", version: 4 } } });
    fireEvent.click(screen.getByRole("button", { name: "Tolak" }));
    const dialog = await screen.findByRole("dialog");
    fireEvent.click(screen.getByRole("button", { name: "Tolak kunjungan" }));
    expect(await screen.findByText("Wajib diisi.")).toBeTruthy();
    expect(api.seen).toHaveLength(0);
    fireEvent.change(screen.getByLabelText(/Alasan penolakan/), { target: { value: "Lokasi 3 km dari rumah; kunjungi ulang." } });
    fireEvent.click(screen.getByRole("button", { name: "Tolak kunjungan" }));
    await waitFor(() => expect(api.seen).toHaveLength(1));
    expect(await api.seen[0]?.json()).toEqual({ reason: "Lokasi 3 km dari rumah; kunjungi ulang." });
    expect(api.seen[0]?.headers.get("If-Match")).toBe('"3"');
    await waitFor(() => expect(dialog.isConnected).toBe(false));
  });

  it("on 412 says someone else got there first and reloads on request", async () => {
    const { onReload } = setup({
      [`POST ${URL}/verify`]: { status: 412, body: { type: "t", title: "Precondition failed", status: 412, detail: "stale", current_version: 4 } },
    });
    fireEvent.click(screen.getByRole("button", { name: "Verifikasi" }));
    expect(await screen.findByText("Data telah diubah orang lain")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Verifikasi" })).toBeNull(); // no blind second try
    fireEvent.click(screen.getByRole("button", { name: "Muat ulang" }));
    await waitFor(() => expect(onReload).toHaveBeenCalledOnce());
  });

  it("a 409 (reviewed by someone else meanwhile) says so and offers a reload", async () => {
    setup({
      [`POST ${URL}/verify`]: { status: 409, body: { type: "t", title: "Conflict", status: 409, detail: "This session is already verified; only a submitted one is reviewed." } },
    });
    fireEvent.click(screen.getByRole("button", { name: "Verifikasi" }));
    expect(await screen.findByText(/sudah diubah atau diperiksa orang lain/)).toBeTruthy();
    expect(screen.queryByText(/This session is already verified/)).toBeNull();
    expect(screen.getByRole("button", { name: "Muat ulang" })).toBeTruthy();
  });
});
