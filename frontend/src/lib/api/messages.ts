/** Problem+json as words for people: by status, and validation items by their `type`. */
import type { TFunction } from "i18next";

import { ApiError, fieldPath, type ValidationItem } from "./problem";

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
  "value_error.email",
  // Mentoring sessions: times that cannot be (bina.mentoring_sessions.checks).
  "future",
  "before_session",
  "before_assignment",
]);

const STATUS_KEYS: Record<number, string> = {
  400: "errors.badRequest",
  401: "errors.unauthorized",
  403: "errors.forbidden",
  404: "errors.notFound",
  409: "errors.conflict",
  412: "errors.stale",
  413: "errors.tooLarge",
  422: "errors.invalid",
  428: "errors.stale",
  429: "errors.tooMany",
};

/** One sentence for a failed call; the API's own detail is kept for 409/422 where it is specific. */
export function problemMessage(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t("errors.network");
  const key = STATUS_KEYS[error.status] ?? (error.status >= 500 ? "errors.server" : "errors.badRequest");
  const base = t(key);
  if ((error.status === 409 || error.status === 422 || error.status === 400) && error.problem?.detail) {
    return `${base} ${error.problem.detail}`;
  }
  return base;
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
