/** GET /households/{id}/access-report: everything held on a family, for its data-access request
 * (UU 27/2022). Fetched only on demand and never cached: it holds identifiers unmasked. */
import { useMutation } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";

async function downloadAccessReport(id: string): Promise<void> {
  const report = await unwrap(
    api.GET("/api/v1/households/{household_id}/access-report", {
      params: { path: { household_id: id } },
    }),
  );
  const blob = new Blob([JSON.stringify(report, null, 2)], { type: "application/json" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  // The file name carries no personal data: the household's id and the day.
  link.download = `laporan-akses-${id}-${report.generated_at.slice(0, 10)}.json`;
  link.click();
  URL.revokeObjectURL(link.href);
}

export function useAccessReport() {
  return useMutation({ mutationFn: downloadAccessReport, networkMode: "online" });
}
