/** "Kunjungan & verifikasi": the coordinator's review of visits in their region. */
import { useTranslation } from "react-i18next";

import { PageHeader } from "@/components/page-header";
import { VerificationList } from "@/features/sessions/components/verification-list";
import { useUser } from "@/lib/auth/auth";

import { RequirePermission } from "../guards";

export function SessionsPage() {
  const { t } = useTranslation();
  const me = useUser();
  // A coordinator's region is one kecamatan (or kelurahan): the kecamatan filter is for the city.
  const cityWide = me?.role === "admin";
  return (
    <RequirePermission permission="sessionsReview">
      <PageHeader title={t("review.title")} subtitle={t("review.subtitle")} />
      <VerificationList showKecamatan={cityWide} />
    </RequirePermission>
  );
}
