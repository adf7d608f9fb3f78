import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { clearSession, startSession } from "@/lib/auth/session";
import { fakeApi, renderWithApp } from "@/testing/render";

import type { Delivery } from "../api/webhooks";

import { DeliveriesTable } from "./deliveries-table";

const HOOK = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
const URL = `/api/v1/webhooks/${HOOK}/deliveries`;
let n = 0;
const delivery = (over: Partial<Delivery> = {}): Delivery => ({
  id: `00000000-0000-4000-8000-00000000000${(n += 1)}`,
  webhook_id: HOOK,
  message_id: "msg_1",
  event_type: "webhook.test",
  object_id: null,
  status: "succeeded",
  attempts: 1,
  next_attempt_at: null,
  last_attempt_at: "2026-11-01T03:00:05Z",
  delivered_at: "2026-11-01T03:00:05Z",
  response_status: 200,
  response_body: "ok",
  last_error: null,
  created_at: "2026-11-01T03:00:00Z",
  ...over,
});
const page = (items: Delivery[], next_cursor: string | null = null) => ({ status: 200, body: { items, next_cursor, total: null } });

beforeEach(() => startSession({ access_token: "A", expires_in: 900, refresh_token: "R" }));
afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
});

describe("the deliveries table", () => {
  it("says so when nothing was sent yet", async () => {
    vi.stubGlobal("fetch", fakeApi({ [`GET ${URL}`]: page([]) }).fetch);
    renderWithApp(<DeliveriesTable webhookId={HOOK} />);
    expect(await screen.findByText(/Belum ada pengiriman/)).toBeTruthy();
  });

  it("shows a failed load with a retry", async () => {
    vi.stubGlobal("fetch", fakeApi({ [`GET ${URL}`]: { status: 500, body: { type: "t", title: "x", status: 500 } } }).fetch);
    renderWithApp(<DeliveriesTable webhookId={HOOK} />);
    expect(await screen.findByText("Terjadi kesalahan")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Coba lagi" })).toBeTruthy();
  });

  it("shows each status in its colour, the answer, the attempts and the next try in WIB", async () => {
    const rows = [
      delivery({ status: "succeeded", event_type: "household.created" }),
      delivery({
        status: "pending",
        event_type: "mentoring_session.recorded",
        attempts: 2,
        response_status: 503,
        last_error: "HTTP 503",
        next_attempt_at: "2026-11-01T03:05:00Z",
        delivered_at: null,
      }),
      delivery({ status: "failed", event_type: "graduation.recorded", attempts: 7, response_status: null, last_error: "connection refused", delivered_at: null }),
    ];
    vi.stubGlobal("fetch", fakeApi({ [`GET ${URL}`]: page(rows) }).fetch);
    renderWithApp(<DeliveriesTable webhookId={HOOK} />);
    const [ok, pending, failed] = await screen.findAllByTestId("delivery");

    expect(within(ok!).getByText("Rumah tangga baru")).toBeTruthy();
    expect(within(ok!).getByText("Berhasil").closest("[data-status]")?.getAttribute("data-status")).toBe("succeeded");
    expect(within(ok!).getByText("200")).toBeTruthy();
    expect(within(ok!).getByText("01/11/2026 10:00 WIB")).toBeTruthy();

    const badge = within(pending!).getByText("Menunggu").closest(".mantine-Badge-root") as HTMLElement;
    expect(badge.style.getPropertyValue("--badge-color")).toContain("blue");
    expect(within(pending!).getByText("503")).toBeTruthy();
    expect(within(pending!).getByText("01/11/2026 10:05 WIB")).toBeTruthy();
    expect(within(pending!).queryByRole("button", { name: /Kirim ulang/ })).toBeNull();

    const red = within(failed!).getByText("Gagal").closest(".mantine-Badge-root") as HTMLElement;
    expect(red.style.getPropertyValue("--badge-color")).toContain("red");
    expect(within(failed!).getByText("Tidak ada jawaban")).toBeTruthy();
    expect(within(failed!).getByText("connection refused")).toBeTruthy();
    expect(within(failed!).getByText("7")).toBeTruthy();
    expect(within(failed!).getByRole("button", { name: "Kirim ulang Kelulusan dicatat (01/11/2026 10:00 WIB)" })).toBeTruthy();
  });

  it("sends a finished delivery again and reloads the list; the next page asks with the cursor", async () => {
    const failed = delivery({ status: "failed", response_status: 500, attempts: 7 });
    let redelivered = false;
    const api = fakeApi({
      [`GET ${URL}`]: (r) =>
        new globalThis.URL(r.url).searchParams.get("cursor") === "c2"
          ? page([delivery({ event_type: "assignment.ended" })])
          : page([redelivered ? { ...failed, status: "pending", attempts: 0, response_status: null } : failed], "c2"),
      [`POST ${URL}/${failed.id}/redeliver`]: () => {
        redelivered = true;
        return { status: 202, body: { ...failed, status: "pending" } };
      },
    });
    vi.stubGlobal("fetch", api.fetch);
    renderWithApp(<DeliveriesTable webhookId={HOOK} />);
    fireEvent.click(await screen.findByRole("button", { name: /^Kirim ulang Uji webhook/ }));
    expect(await screen.findByText("Menunggu")).toBeTruthy();
    expect(api.seen.filter((r) => r.method === "POST")).toHaveLength(1);

    fireEvent.click(screen.getByRole("button", { name: /Berikutnya/ }));
    expect(await screen.findByText("Pendampingan berakhir")).toBeTruthy();
    await waitFor(() => expect(api.seen.some((r) => r.url.includes("cursor=c2"))).toBe(true));
  });
});
