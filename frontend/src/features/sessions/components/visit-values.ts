/** The visit form's values, their checks, and the body POST /mentoring-sessions takes. */
import type { TFunction } from "i18next";

import { sessionCreateKindValues, type components } from "@/lib/api/schema";
import type { SessionCreate } from "@/lib/offline/outbox";

export const KINDS = sessionCreateKindValues;
export type Kind = (typeof KINDS)[number];
type Topic = components["schemas"]["SessionCreate"]["topics"] extends (infer T)[] | undefined ? T : never;

export type ActionValues = { title: string; due_date: string };
export type VisitValues = {
  kind: Kind;
  occurred_at: string; // <input type="datetime-local">: the phone's local time, no zone
  duration_minutes: number | string;
  topics: string[];
  notes: string;
  actions: ActionValues[];
  next_visit_on: string; // <input type="date">
};
export type Place = { lat: number; lon: number; accuracy: number };

const pad = (n: number) => String(n).padStart(2, "0");

/** `2026-11-28T14:05` in the device's local time, as a datetime-local input shows it. */
export function localInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function initialVisit(now: Date = new Date()): VisitValues {
  return { kind: "home_visit", occurred_at: localInput(now), duration_minutes: 30, topics: [], notes: "", actions: [], next_visit_on: "" };
}

/** What the API would refuse, caught before sending (the API checks again and has the last word). */
export function visitRules(t: TFunction, now: () => Date = () => new Date()) {
  const day = (v: VisitValues) => v.occurred_at.slice(0, 10);
  return {
    occurred_at: (v: string) => {
      if (!v) return t("errors.field.missing");
      // The API allows a few minutes of clock difference; the form allows none beyond a minute.
      return new Date(v).getTime() > now().getTime() + 60_000 ? t("errors.field.future") : null;
    },
    duration_minutes: (v: number | string) => {
      const n = Number(v);
      return v === "" || !Number.isInteger(n) || n < 1 || n > 720 ? t("visit.durationRange") : null;
    },
    next_visit_on: (v: string, values: VisitValues) => (v && v < day(values) ? t("errors.field.before_session") : null),
    actions: {
      title: (v: string) => (v.trim() ? null : t("errors.field.missing")),
      due_date: (v: string, values: VisitValues) =>
        !v ? t("errors.field.missing") : v < day(values) ? t("errors.field.before_session") : null,
    },
  };
}

/** The create body; the same values and id always give the same body, so a resend is a no-op. */
export function toSessionBody(id: string, assignmentId: string, v: VisitValues, place: Place | null): SessionCreate {
  return {
    id,
    assignment_id: assignmentId,
    occurred_at: new Date(v.occurred_at).toISOString(),
    kind: v.kind,
    duration_minutes: Number(v.duration_minutes),
    lat: place?.lat ?? null,
    lon: place?.lon ?? null,
    topics: v.topics as Topic[],
    notes: v.notes.trim() || null,
    actions: v.actions.map((a) => ({ title: a.title.trim(), due_date: a.due_date })),
    next_visit_on: v.next_visit_on || null,
  };
}
