import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { clearSession, startSession } from "@/lib/auth/session";
import { fakeApi, renderWithApp } from "@/testing/render";

import type { IntegrationClient } from "../api/integration-clients";

import { EditAccessModal, RevokeClientModal } from "./client-dialogs";

const ID = "5b0e2a86-54c1-4a77-9a34-2f1d0c7e6b11";
const URL = `/api/v1/integration-clients/${ID}`;
const client = (over: Partial<IntegrationClient> = {}): IntegrationClient => ({
  id: ID,
  client_id: "bina_00112233445566778899",
  name: "DTSEN Dinas Sosial",
  agency_code: "DINSOS",
  scopes: ["households:read"],
  region_codes: [],
  active: true,
  revoked_at: null,
  previous_secret_expires_at: null,
  last_token_at: null,
  created_at: "2026-11-01T01:00:00Z",
  updated_at: "2026-11-01T01:00:00Z",
  version: 3,
  ...over,
});

beforeEach(() => startSession({ access_token: "A", expires_in: 900, refresh_token: "R" }));
afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
});

const empty = { status: 200, body: { items: [], next_cursor: null, total: null } };

describe("changing a client's access", () => {
  it("sends If-Match with the ETag it read; on 412 says so and shows the current copy", async () => {
    let reads = 0;
    const api = fakeApi({
      [`GET ${URL}`]: () => {
        reads += 1;
        // The second read is the copy someone else saved meanwhile.
        return reads === 1
          ? { status: 200, body: client(), headers: { ETag: '"3"' } }
          : { status: 200, body: client({ version: 4, scopes: ["households:read", "stats:read"] }), headers: { ETag: '"4"' } };
      },
      [`PATCH ${URL}`]: { status: 412, body: { type: "t", title: "Precondition failed", status: 412, detail: "stale" } },
      "GET /api/v1/regions": empty,
    });
    vi.stubGlobal("fetch", api.fetch);
    renderWithApp(<EditAccessModal clientId={ID} onClose={() => undefined} />);
    fireEvent.click(await screen.findByRole("checkbox", { name: "Baca pendamping" }));
    fireEvent.click(screen.getByRole("button", { name: "Simpan" }));

    expect(await screen.findByText("Data telah diubah orang lain")).toBeTruthy();
    const patch = api.seen.find((r) => r.method === "PATCH");
    expect(patch?.headers.get("If-Match")).toBe('"3"');
    expect(await patch?.json()).toEqual({ scopes: ["households:read", "mentors:read"], region_codes: [] });
    // Reloaded: the form now shows the other admin's scopes, and a save would send their ETag.
    await waitFor(() => expect((screen.getByRole("checkbox", { name: "Baca statistik" }) as HTMLInputElement).checked).toBe(true));
    expect((screen.getByRole("checkbox", { name: "Baca pendamping" }) as HTMLInputElement).checked).toBe(false);
  });

  it("refuses to save with no scope at all", async () => {
    const api = fakeApi({ [`GET ${URL}`]: { status: 200, body: client(), headers: { ETag: '"3"' } }, "GET /api/v1/regions": empty });
    vi.stubGlobal("fetch", api.fetch);
    renderWithApp(<EditAccessModal clientId={ID} onClose={() => undefined} />);
    fireEvent.click(await screen.findByRole("checkbox", { name: "Baca rumah tangga" }));
    fireEvent.click(screen.getByRole("button", { name: "Simpan" }));
    expect(await screen.findByText("Pilih minimal satu izin.")).toBeTruthy();
    expect(api.seen.some((r) => r.method === "PATCH")).toBe(false);
  });
});

describe("revoking a client", () => {
  it("asks first, then sends DELETE with the ETag it read", async () => {
    const onClose = vi.fn();
    const api = fakeApi({
      [`GET ${URL}`]: { status: 200, body: client(), headers: { ETag: '"3"' } },
      [`DELETE ${URL}`]: { status: 204 },
    });
    vi.stubGlobal("fetch", api.fetch);
    renderWithApp(<RevokeClientModal clientId={ID} onClose={onClose} />);
    expect(await screen.findByText(/DTSEN Dinas Sosial tidak akan bisa meminta token lagi/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Cabut akses" }));
    await waitFor(() => expect(onClose).toHaveBeenCalledOnce());
    expect(api.seen.find((r) => r.method === "DELETE")?.headers.get("If-Match")).toBe('"3"');
  });
});
