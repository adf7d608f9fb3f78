/** The mentor's own households, phone first. */
import { useTranslation } from "react-i18next";

import { PageHeader } from "@/components/page-header";
import { MyHouseholds } from "@/features/my-households/components/my-households";

import { RequirePermission } from "../guards";

export function MyHouseholdsPage() {
  const { t } = useTranslation();
  return (
    <RequirePermission permission="myHouseholds">
      <PageHeader title={t("myHouseholds.title")} subtitle={t("myHouseholds.subtitle")} />
      <MyHouseholds />
    </RequirePermission>
  );
}
