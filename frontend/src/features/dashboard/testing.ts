/** Answers of the stats API for the dashboard's tests, shaped like the real ones (schema types). */
import type { AgencyStats } from "./api/get-agency-stats";
import type { KecamatanStats } from "./api/get-kecamatan-stats";
import type { MonthStats } from "./api/get-monthly-stats";
import type { Overview } from "./api/get-overview";
import { KECAMATAN_POINTS } from "./data/kecamatan-points";

const AS_OF = "2026-11-28T08:00:00Z";
const scope = { region_code: null, kecamatan_code: null, agency_code: null };

export const overview: Overview = {
  as_of: AS_OF,
  scope,
  households: 10644,
  households_open: 10325,
  households_with_mentor: 9000,
  coverage: 9000 / 10325,
  by_status: { identified: 0, verified: 0, assigned: 1051, mentoring: 9274, graduated: 0, monitoring: 319, exited: 0, moved: 0 },
  mentors: 13260,
  mentors_with_household: 9945,
  participation: 0.75,
  sessions_last_30_days: 11124,
  sessions_per_household_30_days: 1.2,
  sessions_per_mentor_30_days: 1.1,
  households_not_visited_30_days: 2695,
  households_not_visited_60_days: 2503,
  sessions_flagged_pending: 12,
  graduation_funnel: [
    { stage: "verified", households: 10644 },
    { stage: "mentoring", households: 9593 },
    { stage: "graduated", households: 319 },
  ],
};

/** Every kecamatan with 100 open households; Kertapati (16.71.13) half covered, the rest 80%. */
export const kecamatan: KecamatanStats[] = Object.entries(KECAMATAN_POINTS).map(([code, p], i) => {
  const covered = code === "16.71.13" ? 50 : 80;
  return {
    kecamatan_code: code,
    name: p.name,
    lat: p.lat,
    lon: p.lon,
    households: 100 + i,
    households_open: 100,
    households_with_mentor: covered,
    coverage: covered / 100,
    sessions_last_30_days: 10 * i,
    households_not_visited_30_days: 5,
    households_not_visited_60_days: 2,
    graduated: i,
  };
});

export const agencies: AgencyStats[] = [
  { agency_code: "DINSOS", name: "Dinas Sosial", mentors: 155, mentors_with_household: 136, participation: 136 / 155, households_mentored: 159, sessions_last_30_days: 165 },
  { agency_code: "DISDIK", name: "Dinas Pendidikan", mentors: 6266, mentors_with_household: 3970, participation: 3970 / 6266, households_mentored: 4406, sessions_last_30_days: 4589 },
  { agency_code: "SETDA", name: "Sekretariat Daerah", mentors: 312, mentors_with_household: 226, participation: 226 / 312, households_mentored: 248, sessions_last_30_days: 9999 },
];

export const months: MonthStats[] = ["2026-09", "2026-10", "2026-11"].map((month, i) => ({
  month,
  sessions: 1000 * (i + 1),
  households_visited: 900 * (i + 1),
  assessments: 10 * i,
  graduations: i,
  assignments_started: 0,
}));

export const statsRoutes = {
  "GET /api/v1/stats/overview": { status: 200, body: overview },
  "GET /api/v1/stats/kecamatan": { status: 200, body: { as_of: AS_OF, scope, items: kecamatan } },
  "GET /api/v1/stats/agencies": { status: 200, body: { as_of: AS_OF, scope, items: agencies } },
  "GET /api/v1/stats/monthly": { status: 200, body: { as_of: AS_OF, scope, time_zone: "Asia/Jakarta", items: months } },
  "GET /api/v1/regions": { status: 200, body: { items: [], next_cursor: null, total: null } },
  "GET /api/v1/agencies": { status: 200, body: { items: [] } },
};
