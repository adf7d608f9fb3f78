/** Dates and codes as people read them, in the UI's language. */
import i18n from "@/lib/i18n";

const locale = () => (i18n.language === "en" ? "en-GB" : "id-ID");

export function formatDate(value: string | null | undefined): string {
  if (!value) return "—";
  return new Intl.DateTimeFormat(locale(), { day: "numeric", month: "short", year: "numeric" }).format(new Date(value));
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "—";
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}

export function formatNumber(value: number | null | undefined): string {
  return value == null ? "—" : new Intl.NumberFormat(locale()).format(value);
}

/** `tembok_tanpa_plester` -> `tembok tanpa plester`: housing and other free codes from the API. */
export function humanCode(code: string | null | undefined): string {
  return code ? code.replaceAll("_", " ") : "—";
}

/** A share (0..1) as a whole percentage in the UI's language: `0.853` -> `85%`. */
export function formatPercent(value: number | null | undefined): string {
  return value == null ? "—" : new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 0 }).format(value);
}

/** A number with exactly `digits` decimals in the UI's language: `0.7` -> `0,7` in Indonesian. */
export function formatDecimal(value: number, digits: number): string {
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}
