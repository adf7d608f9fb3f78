/** The mentor's own households, phone first. Each one's page is fetched as soon as the list is
 * there, so the visit and assessment forms open later without signal too (a mentor has 1-3). */
import { useQueries } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { PageHeader } from "@/components/page-header";
import { householdQuery } from "@/features/households/api/get-household";
import { useMyHouseholds } from "@/features/my-households/api/get-my-households";
import { MyHouseholds } from "@/features/my-households/components/my-households";

import { RequirePermission } from "../guards";

function useFieldReady() {
  const list = useMyHouseholds();
  useQueries({ queries: (list.data?.items ?? []).map((h) => householdQuery(h.id)) });
}

export function MyHouseholdsPage() {
  const { t } = useTranslation();
  useFieldReady();
  return (
    <RequirePermission permission="myHouseholds">
      <PageHeader title={t("myHouseholds.title")} subtitle={t("myHouseholds.subtitle")} />
      <MyHouseholds />
    </RequirePermission>
  );
}
