/** A status change's reason as people read it. The API writes its own changes as short English
 * notes with record ids ("matching run <id> approved"); those get our words (ids dropped: they
 * mean nothing here). What a person typed (an exit reason, a verifier's note) is shown as typed. */
import type { TFunction } from "i18next";

import { formatDate } from "@/utils/format";

const ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

const PATTERNS: [RegExp, (t: TFunction, m: RegExpMatchArray) => string][] = [
  [/^registered$/, () => ""], // the entry itself says "Terdaftar"
  [new RegExp(`^first mentoring session ${ID}$`), (t) => t("history.reason.firstVisit")],
  [new RegExp(`^matching run ${ID} approved$`), (t) => t("history.reason.matchingApproved")],
  [new RegExp(`^assignment\\.create ${ID}$`), (t) => t("history.reason.assigned")],
  [new RegExp(`^assessment ${ID} ready$`), (t) => t("history.reason.assessmentReady")],
  [/^monitored until (\d{4}-\d{2}-\d{2})$/, (t, m) => t("history.reason.monitoredUntil", { when: formatDate(m[1]) })],
  [new RegExp(`^assignment ${ID} ended: (.*)$`, "s"), (t, m) => t("history.reason.assignmentEnded", { reason: historyReason(t, m[1] ?? "") })],
  [/^household exited$/, (t) => t("history.reason.householdExited")],
];

/** The words to show, or "" when the entry says it all already. */
export function historyReason(t: TFunction, reason: string): string {
  for (const [pattern, say] of PATTERNS) {
    const m = reason.match(pattern);
    if (m) return say(t, m);
  }
  return reason;
}
