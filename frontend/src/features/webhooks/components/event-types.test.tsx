import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import en from "@/lib/i18n/en.json";
import id from "@/lib/i18n/id.json";
import i18n from "@/lib/i18n";
import { renderWithApp } from "@/testing/render";

import { EVENT_TYPES, EventTypeBadges, EventTypeCheckboxes } from "./event-types";

type Labels = Record<string, { label: string; description: string }>;

afterEach(async () => {
  await i18n.changeLanguage("id");
});

describe("event type labels", () => {
  it.each([
    ["id", id.eventType as Labels],
    ["en", en.eventType as Labels],
  ])("every event type of the API, and the test event, has its own label and description in %s", (_lang, labels) => {
    expect(EVENT_TYPES).toHaveLength(9);
    const all = [...EVENT_TYPES, "webhook.test"];
    for (const type of all) {
      const entry = labels[type.replaceAll(".", "_")];
      expect(entry?.label, type).toBeTruthy();
      expect(entry?.description, type).toBeTruthy();
      expect(entry?.label, type).not.toContain(".");
    }
    expect(new Set(all.map((e) => labels[e.replaceAll(".", "_")]?.label)).size).toBe(all.length);
  });

  it("badges show readable words in the API's order, the code only as a hint; an unknown type as its code", () => {
    const { container } = renderWithApp(<EventTypeBadges types={["graduation.recorded", "household.created", "referral.created"]} />);
    const badges = [...container.querySelectorAll("[title]")];
    expect(badges.map((b) => b.textContent)).toEqual(["Rumah tangga baru", "Kelulusan dicatat", "referral.created"]);
    expect(badges.map((b) => b.getAttribute("title"))).toEqual(["household.created", "graduation.recorded", "referral.created"]);
    expect(screen.queryByText("household.created")).toBeNull();
  });

  it("switch with the language", async () => {
    await i18n.changeLanguage("en");
    renderWithApp(<EventTypeBadges types={["mentoring_session.verified"]} />);
    expect(screen.getByText("Mentoring session verified")).toBeTruthy();
  });

  it("checkboxes: one per event type, each with its description and code", () => {
    renderWithApp(<EventTypeCheckboxes value={["assignment.created"]} onChange={() => undefined} />);
    expect(screen.getAllByRole("checkbox")).toHaveLength(9);
    const box = screen.getByRole("checkbox", { name: "Pendampingan dimulai" }) as HTMLInputElement;
    expect(box.checked).toBe(true);
    const described = document.getElementById(box.getAttribute("aria-describedby") ?? "");
    expect(described?.textContent).toContain("Seorang pendamping ditugaskan ke rumah tangga.");
    expect(described?.textContent).toContain("assignment.created");
  });
});
