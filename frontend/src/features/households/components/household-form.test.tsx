import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { startSession, clearSession } from "@/lib/auth/session";
import { fakeApi, renderWithApp } from "@/testing/render";

import type { Household } from "../api/get-household";

import { changedFields, HouseholdForm, toBody, valuesOf } from "./household-form";

const household: Household = {
  id: "3b3e5262-d605-4f2f-89aa-d860cc535c6d",
  kk_number: "1671**********01",
  head_name: "Contoh Kepala",
  head_nik: "1671**********02",
  kelurahan_code: "16.71.13.1004",
  kecamatan_code: "16.71.13",
  address: "Jl. Contoh No. 1",
  rt: "001",
  rw: "002",
  lat: null,
  lon: null,
  desil: 1,
  extreme_poor: true,
  status: "identified",
  needs: ["health"],
  version: 3,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  desil_source: null,
  desil_as_of: null,
  status_changed_at: null,
  housing: {},
  assistance: [],
  notes: null,
  members: [],
};

const regions = { items: [], next_cursor: null, total: null };

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
});

describe("household form values", () => {
  it("sends only what changed, never the masked identifiers", () => {
    const before = valuesOf(household);
    const body = changedFields(before, { ...before, address: "Jl. Baru No. 2", desil: "3" });
    expect(body).toEqual({ address: "Jl. Baru No. 2", desil: 3 });
  });

  it("leaves empty optional text out as null", () => {
    const body = toBody({ ...valuesOf(household), rt: " ", notes: "" });
    expect(body.rt).toBeNull();
    expect(body.notes).toBeNull();
  });
});

describe("household edit form against the API", () => {
  function setup(patchReply: { status: number; body?: unknown }) {
    startSession({ access_token: "A", expires_in: 900, refresh_token: "R" });
    const api = fakeApi({
      "GET /api/v1/regions": { status: 200, body: regions },
      "PATCH /api/v1/households/3b3e5262-d605-4f2f-89aa-d860cc535c6d": patchReply,
    });
    vi.stubGlobal("fetch", api.fetch);
    const onReload = vi.fn(async () => undefined);
    renderWithApp(<HouseholdForm mode="edit" household={household} etag='"3"' onReload={onReload} />);
    fireEvent.change(screen.getByLabelText(/^Alamat/), { target: { value: "Jl. Baru No. 2" } });
    fireEvent.click(screen.getByRole("button", { name: "Simpan" }));
    return { api, onReload };
  }

  it("shows the API's validation message under the field it names", async () => {
    const { api } = setup({
      status: 422,
      body: {
        type: "t",
        title: "Validation failed",
        status: 422,
        detail: "1 invalid field",
        errors: [{ loc: ["body", "address"], msg: "too long", type: "string_too_long" }],
      },
    });
    expect(await screen.findByText("Terlalu panjang.")).toBeTruthy();
    const patch = api.seen.find((r) => r.method === "PATCH");
    expect(patch?.headers.get("If-Match")).toBe('"3"');
    expect(patch?.headers.get("Authorization")).toBe("Bearer A");
    expect(await patch?.json()).toEqual({ address: "Jl. Baru No. 2" });
  });

  it("on 412 says someone else changed it and offers to reload", async () => {
    const { onReload } = setup({ status: 412, body: { type: "t", title: "Precondition failed", status: 412, detail: "stale" } });
    expect(await screen.findByText("Data telah diubah orang lain")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Muat ulang" }));
    await waitFor(() => expect(onReload).toHaveBeenCalledOnce());
  });
});
