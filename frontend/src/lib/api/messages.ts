/**
 * Problem+json as words for people, in the UI's language: the problem's kind or status says what
 * went wrong; each validation item's `type` (the API's rule) says why, on the field it names.
 * The API writes its `detail` and `msg` in English: shown as they are only where we have no
 * words of our own for the rule (or the UI is in English).
 */
import type { TFunction } from "i18next";

import { ApiError, fieldPath, type ValidationItem } from "./problem";

/** Rules we say in our words (errors.field.<type>): pydantic's and the API's own. */
const FIELD_TYPES = new Set([
  "missing",
  "string_pattern_mismatch",
  "string_too_short",
  "string_too_long",
  "greater_than_equal",
  "less_than_equal",
  "int_parsing",
  "float_parsing",
  "literal_error",
  "enum",
  "bool_parsing",
  "date_from_datetime_parsing",
  "date_parsing",
  "uuid_parsing",
  "value_error.email",
  // Mentoring sessions: times that cannot be (bina.mentoring_sessions.checks), and a write that
  // no longer fits (a resend from the outbox after the household changed hands).
  "future",
  "before_session",
  "before_assignment",
  "id_reused",
  "assignment_not_active",
  // Records that clash with others or point at nothing.
  "unique",
  "duplicate",
  "unknown",
  "unknown_agency",
  "unknown_mentor",
  "coordinates_pair",
  "too_many",
  "self",
  "wrong_password",
  "password_policy",
  // Assignments and graduation.
  "household_closed",
  "already_assigned",
  "same_mentor",
  "mentor_unavailable",
  "capacity_full",
  "no_assessment",
  "not_latest",
  "not_ready",
]);

const STATUS_KEYS: Record<number, string> = {
  400: "errors.badRequest",
  401: "errors.unauthorized",
  403: "errors.forbidden",
  404: "errors.notFound",
  409: "errors.conflict",
  410: "errors.gone",
  412: "errors.stale",
  413: "errors.tooLarge",
  422: "errors.invalid",
  428: "errors.stale",
  429: "errors.tooMany",
};

/** Problem kinds (the end of `type`) that say more than their status. */
const KIND_KEYS: Record<string, string> = {
  "invalid-cursor": "errors.invalidCursor",
};

function kindOf(error: ApiError): string {
  return error.problem?.type?.split("/").pop() ?? "";
}

function isEnglish(t: TFunction): boolean {
  return t("language.code") === "en";
}

/** One or two sentences for a failed call: what happened, then why when the API said which rule. */
export function problemMessage(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t("errors.network");
  const key = KIND_KEYS[kindOf(error)] ?? STATUS_KEYS[error.status] ?? (error.status >= 500 ? "errors.server" : "errors.badRequest");
  const base = t(key);
  if (error.status !== 400 && error.status !== 409 && error.status !== 422) return base;
  const reasons = [...new Set(error.fieldErrors.filter((i) => FIELD_TYPES.has(i.type)).map((i) => fieldMessage(t, i)))];
  if (reasons.length) return [base, ...reasons].join(" ");
  // Our words for the rule are missing: the API's own sentence beats none, in English only.
  return isEnglish(t) && error.problem?.detail ? `${base} ${error.problem.detail}` : base;
}

/** The message for one invalid field: ours when we know the rule, else the API's own text. */
export function fieldMessage(t: TFunction, item: ValidationItem): string {
  return FIELD_TYPES.has(item.type) ? t(`errors.field.${item.type.replace(".", "_")}`) : item.msg;
}

/** Validation items by form path (`members.0.nik`); the first message per field wins. */
export function fieldErrors(t: TFunction, error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const item of error.fieldErrors) {
    const path = fieldPath(item.loc);
    out[path] ??= fieldMessage(t, item);
  }
  return out;
}

/** The API's field errors by a form's top-level field: `region_codes.2` is `region_codes`. */
export function formFieldErrors(t: TFunction, error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrors(t, error))) out[path.split(".")[0] ?? path] ??= message;
  return out;
}
