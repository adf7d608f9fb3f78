import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import en from "@/lib/i18n/en.json";
import id from "@/lib/i18n/id.json";
import i18n from "@/lib/i18n";
import { SCOPES } from "@/lib/reference";
import { renderWithApp } from "@/testing/render";

import { ScopeBadges, ScopeCheckboxes } from "./scopes";

type Labels = Record<string, { label: string; description: string }>;

afterEach(async () => {
  await i18n.changeLanguage("id");
});

describe("scope labels", () => {
  it.each([
    ["id", id.scope as Labels],
    ["en", en.scope as Labels],
  ])("every one of the API's 14 scopes has its own label and description in %s", (_lang, labels) => {
    expect(SCOPES).toHaveLength(14);
    for (const scope of SCOPES) {
      const entry = labels[scope.replace(":", "_")];
      expect(entry?.label, scope).toBeTruthy();
      expect(entry?.description, scope).toBeTruthy();
      expect(entry?.label, scope).not.toContain(":");
    }
    expect(new Set(SCOPES.map((s) => labels[s.replace(":", "_")]?.label)).size).toBe(14);
  });

  it("badges show readable words, in the API's order, with the code only as a hint", () => {
    const { container } = renderWithApp(<ScopeBadges scopes={["stats:read", "households:read", "identifiers:reveal"]} />);
    const badges = [...container.querySelectorAll("[title]")];
    expect(badges.map((b) => b.textContent)).toEqual(["Baca rumah tangga", "Lihat NIK/KK utuh", "Baca statistik"]);
    expect(badges.map((b) => b.getAttribute("title"))).toEqual(["households:read", "identifiers:reveal", "stats:read"]);
    expect(screen.queryByText("households:read")).toBeNull();
  });

  it("switch with the language", async () => {
    await i18n.changeLanguage("en");
    renderWithApp(<ScopeBadges scopes={["webhooks:manage"]} />);
    expect(screen.getByText("Manage webhooks")).toBeTruthy();
  });

  it("checkboxes: one per scope, each with its description", () => {
    renderWithApp(<ScopeCheckboxes value={["mentors:read"]} onChange={() => undefined} />);
    const boxes = screen.getAllByRole("checkbox");
    expect(boxes).toHaveLength(14);
    const mentors = screen.getByRole("checkbox", { name: "Baca pendamping" }) as HTMLInputElement;
    expect(mentors.checked).toBe(true);
    const described = document.getElementById(mentors.getAttribute("aria-describedby") ?? "");
    expect(described?.textContent).toContain("Membaca data pendamping (ASN).");
    expect(within(described!).getByText("mentors:read")).toBeTruthy();
  });
});
