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

const wibParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Asia/Jakarta",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** A moment as `dd/mm/yyyy HH:mm WIB` (Western Indonesia Time), whatever the device's zone. */
export function formatWib(value: string | null | undefined): string {
  if (!value) return "—";
  const part = Object.fromEntries(wibParts.formatToParts(new Date(value)).map((p) => [p.type, p.value]));
  return `${part.day}/${part.month}/${part.year} ${part.hour}:${part.minute} WIB`;
}
