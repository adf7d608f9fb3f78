/** The dashboard page (charts load only here). */
import { useTranslation } from "react-i18next";

import { PageHeader } from "@/components/page-header";
import { Dashboard } from "@/features/dashboard/components/dashboard";

import { RequirePermission } from "../guards";

export function DashboardPage() {
  const { t } = useTranslation();
  return (
    <RequirePermission permission="dashboard">
      <PageHeader title={t("dashboard.title")} subtitle={t("dashboard.subtitle")} />
      <Dashboard />
    </RequirePermission>
  );
}
