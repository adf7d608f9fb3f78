import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { clearSession, startSession } from "@/lib/auth/session";
import { stubElementSize } from "@/testing/element-size";
import { fakeApi, renderWithApp } from "@/testing/render";

import { KECAMATAN_POINTS } from "../data/kecamatan-points";
import { statsRoutes } from "../testing";

import { coverageColor } from "./coverage-map";
import { Dashboard } from "./dashboard";

// The charts and the map come in a lazy chunk, which jsdom on a busy machine loads slowly.
const SLOW = { timeout: 15_000 };

beforeEach(() => {
  stubElementSize(900);
  startSession({ access_token: "A", expires_in: 900, refresh_token: "R" });
});

afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
});

function render() {
  const api = fakeApi(statsRoutes);
  vi.stubGlobal("fetch", api.fetch);
  renderWithApp(<Dashboard />, { route: "/dashboard" });
  return api;
}

describe("dashboard against the stats API (through the real client)", () => {
  it("shows the KPIs in Indonesian number format", async () => {
    render();
    expect((await screen.findByTestId("kpi-households", {}, SLOW)).textContent).toBe("10.644");
    expect(screen.getByTestId("kpi-coverage").textContent).toBe("87%");
    expect(screen.getByTestId("kpi-visits").textContent).toBe("11.124");
    expect(screen.getByText("10.325 belum lulus, perlu dibina")).toBeTruthy();
  });

  it("puts a marker on the map for every kecamatan, coloured by its coverage", async () => {
    render();
    const map = await screen.findByTestId("coverage-map", {}, SLOW);
    const markers = await within(map).findAllByTestId("map-marker", {}, SLOW);
    expect(markers.map((m) => m.dataset.code).sort()).toEqual(Object.keys(KECAMATAN_POINTS).sort());
    const kertapati = markers.find((m) => m.dataset.code === "16.71.13")!;
    expect(kertapati.dataset.coverage).toBe("0.5");
    expect(kertapati.getAttribute("aria-label")).toBe("Kertapati: cakupan 50%, 112 rumah tangga");
    expect(kertapati.querySelector("circle")?.getAttribute("fill")).toBe(coverageColor(0.5));
    const gandus = markers.find((m) => m.dataset.code === "16.71.12")!;
    expect(gandus.querySelector("circle")?.getAttribute("fill")).toBe(coverageColor(0.8));
    expect(coverageColor(0.5)).not.toBe(coverageColor(0.8));

    fireEvent.focus(kertapati); // the keyboard (or a pointer) shows the detail
    const tip = await screen.findByRole("tooltip");
    expect(tip.textContent).toContain("Cakupan 50% (50 dari 100 rumah tangga)");
    expect(tip.textContent).toContain("Kunjungan 30 hari: 120");
  });

  it("a click on a marker filters every stats call to that kecamatan", async () => {
    const api = render();
    const map = await screen.findByTestId("coverage-map", {}, SLOW);
    const kertapati = (await within(map).findAllByTestId("map-marker", {}, SLOW)).find((m) => m.dataset.code === "16.71.13")!;
    fireEvent.click(kertapati);
    await waitFor(() => {
      const filtered = api.seen.filter((r) => new URL(r.url).searchParams.get("kecamatan") === "16.71.13").map((r) => new URL(r.url).pathname);
      expect(new Set(filtered)).toEqual(new Set(["/api/v1/stats/overview", "/api/v1/stats/kecamatan", "/api/v1/stats/agencies", "/api/v1/stats/monthly"]));
    });
    expect(api.seen.every((r) => r.headers.get("Authorization") === "Bearer A")).toBe(true);
  });

  it("charts each kecamatan, best coverage first, and switches to visits", async () => {
    render();
    const chart = await screen.findByTestId("kecamatan-chart", {}, SLOW);
    const bars = await within(chart).findAllByTestId("bar", {}, SLOW);
    expect(bars).toHaveLength(18);
    expect(bars.at(-1)?.dataset.key).toBe("16.71.13"); // 50%, the lowest
    expect(bars.filter((b) => b.dataset.value === "0.8")).toHaveLength(17);
    expect(within(chart).getAllByText("50%").length).toBeGreaterThan(0); // Kertapati's value, written on its bar
    fireEvent.click(screen.getByRole("radio", { name: "Kunjungan 30 hari" }));
    await waitFor(() => expect(within(screen.getByTestId("kecamatan-chart")).getAllByTestId("bar")[0]?.dataset.value).toBe("170"));
  });

  it("charts the months with Indonesian month names", async () => {
    render();
    const chart = await screen.findByTestId("monthly-chart", {}, SLOW);
    expect(await within(chart).findByText("Okt 26", {}, SLOW)).toBeTruthy();
    expect(within(chart).getAllByTestId("bar").map((b) => b.dataset.value)).toEqual(["1000", "2000", "3000"]);
  });
});
