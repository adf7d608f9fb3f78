/** RFC 9457 problem+json from the API, as an Error the UI can show and map onto form fields. */
import type { components } from "./schema";

export type Problem = components["schemas"]["Problem"];
export type ValidationItem = components["schemas"]["ValidationItem"];

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, problem: Problem | null) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }

  get fieldErrors(): ValidationItem[] {
    return this.problem?.errors ?? [];
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

/**
 * `["body", "members", 0, "nik"]` -> `members.0.nik`, the path a form field is registered under.
 * Query and header locations stay prefixed so they never collide with a body field.
 */
export function fieldPath(loc: ReadonlyArray<string | number>): string {
  const [where, ...rest] = loc;
  if (where === "body") return rest.join(".");
  return loc.join(".");
}
