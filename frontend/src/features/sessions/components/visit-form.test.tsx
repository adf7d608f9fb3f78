import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { clearSession, startSession } from "@/lib/auth/session";
import { fakeApi, renderWithApp } from "@/testing/render";

import { ASSIGNMENT, savedSession } from "./session.fixture";
import { VisitForm } from "./visit-form";

function renderForm() {
  const onDone = vi.fn();
  renderWithApp(<VisitForm household={{ id: "h1", head_name: "Siti Aminah" }} assignmentId={ASSIGNMENT} onDone={onDone} onCancel={() => undefined} />);
  return { onDone, submit: () => fireEvent.click(screen.getByRole("button", { name: "Simpan kunjungan" })) };
}

beforeEach(() => startSession({ access_token: "A", expires_in: 900, refresh_token: "R" }));
afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
});

describe("the visit form checks before it sends", () => {
  it("names the empty step and the impossible duration, and sends nothing", async () => {
    const api = fakeApi({});
    vi.stubGlobal("fetch", api.fetch);
    const { submit } = renderForm();
    fireEvent.change(screen.getByLabelText(/^Durasi/), { target: { value: "0" } });
    fireEvent.click(screen.getByRole("button", { name: "Tambah langkah" }));
    submit();
    expect(await screen.findByText("Antara 1 dan 720 menit.")).toBeTruthy();
    expect(screen.getAllByText("Wajib diisi.")).toHaveLength(2); // the step's title and due date
    expect(api.seen).toHaveLength(0);
  });

  it("refuses a visit in the future and a step due before the visit", async () => {
    const api = fakeApi({});
    vi.stubGlobal("fetch", api.fetch);
    const { submit } = renderForm();
    fireEvent.change(screen.getByLabelText(/^Waktu/), { target: { value: "2099-01-01T10:00" } });
    fireEvent.click(screen.getByRole("button", { name: "Tambah langkah" }));
    fireEvent.change(screen.getByLabelText("Langkah"), { target: { value: "Urus akta kelahiran" } });
    fireEvent.change(screen.getByLabelText("Tenggat"), { target: { value: "2098-12-31" } });
    submit();
    expect(await screen.findByText("Tidak boleh di masa depan.")).toBeTruthy();
    expect(screen.getByText("Tidak boleh sebelum tanggal kunjungan.")).toBeTruthy();
    expect(api.seen).toHaveLength(0);
  });

  it("shows the API's own objection on the field it names", async () => {
    const api = fakeApi({
      "POST /api/v1/mentoring-sessions": {
        status: 422,
        body: { type: "t", title: "Unprocessable", status: 422, detail: "1 invalid field", errors: [{ loc: ["body", "next_visit_on"], msg: "before the session itself", type: "before_session" }] },
      },
    });
    vi.stubGlobal("fetch", api.fetch);
    const { submit, onDone } = renderForm();
    submit();
    expect(await screen.findByText("Tidak boleh sebelum tanggal kunjungan.")).toBeTruthy();
    expect(onDone).not.toHaveBeenCalled();
  });
});

describe("a visit whose answer is lost is kept and sent again as the same visit", () => {
  it("leaves the form at once, then resends the same id and body by itself", async () => {
    const bodies: Record<string, unknown>[] = [];
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init);
      const body = (await request.clone().json()) as Record<string, unknown>;
      bodies.push(body);
      // First attempt: the server stored it but the answer never arrived (phone lost signal).
      if (bodies.length === 1) throw new TypeError("Failed to fetch");
      return new Response(JSON.stringify(savedSession(body)), { status: 200, headers: { "Content-Type": "application/json" } });
    });
    const { submit, onDone } = renderForm();
    fireEvent.click(screen.getByRole("checkbox", { name: "Kesehatan & JKN" }));
    fireEvent.change(screen.getByLabelText("Catatan"), { target: { value: "Mendampingi ke puskesmas." } });
    submit();
    // The mentor is not kept waiting on a dead connection: the visit waits on the phone.
    await waitFor(() => expect(onDone).toHaveBeenCalledOnce());
    await waitFor(() => expect(bodies).toHaveLength(2), { timeout: 10_000 });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[0]).toMatchObject({ assignment_id: ASSIGNMENT, kind: "home_visit", topics: ["health"], notes: "Mendampingi ke puskesmas.", duration_minutes: 30 });
    expect(String(bodies[0]?.id)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
