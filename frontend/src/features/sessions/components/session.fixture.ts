/** A session as the API answers it, for component tests (synthetic ids, no person's data). */
import type { Session } from "../api/get-sessions";

export const ASSIGNMENT = "6f1f2d4e-9a43-4c1c-b1f5-2c0d7a1e9b10";

export function savedSession(body: Record<string, unknown>, overrides: Partial<Session> = {}): Session {
  return {
    id: String(body.id),
    assignment_id: ASSIGNMENT,
    household_id: "3b3e5262-d605-4f2f-89aa-d860cc535c6d",
    mentor_id: "0c9e1c11-8c55-4d1f-9d8e-6d2b0d7f1a22",
    kecamatan_code: "16.71.13",
    agency_code: "DINSOS",
    mentor_name: "Mentor Contoh",
    household_head_name: "Kepala Keluarga Contoh",
    occurred_at: String(body.occurred_at),
    kind: "home_visit",
    duration_minutes: Number(body.duration_minutes),
    lat: null,
    lon: null,
    distance_m: null,
    flagged: true,
    flag_reason: "No location was recorded for this home visit.",
    topics: [],
    notes: null,
    next_visit_on: null,
    actions: [],
    status: "submitted",
    reviewed_by: null,
    reviewed_at: null,
    review_reason: null,
    redacted: false,
    version: 1,
    created_at: "2026-11-28T01:00:00Z",
    updated_at: "2026-11-28T01:00:00Z",
    ...overrides,
  };
}
