/** Households: list, detail, create, edit. */
import { Button } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { PageHeader } from "@/components/page-header";
import { ErrorAlert, Loading } from "@/components/states";
import { useHousehold } from "@/features/households/api/get-household";
import { HouseholdDetail } from "@/features/households/components/household-detail";
import { HouseholdForm } from "@/features/households/components/household-form";
import { HouseholdsTable } from "@/features/households/components/households-table";
import { useUser } from "@/lib/auth/auth";
import { can } from "@/lib/auth/policy";

import { RequirePermission } from "../guards";

export function HouseholdsPage() {
  const { t } = useTranslation();
  const me = useUser();
  return (
    <RequirePermission permission="households">
      <PageHeader
        title={t("households.title")}
        subtitle={t("households.subtitle")}
        actions={
          can(me?.role, "householdsWrite") && (
            <Button component={Link} to="/households/new" leftSection={<IconPlus size={16} />}>
              {t("households.new")}
            </Button>
          )
        }
      />
      <HouseholdsTable />
    </RequirePermission>
  );
}

export function HouseholdPage() {
  const { id = "" } = useParams();
  return <HouseholdDetail id={id} />;
}

export function HouseholdNewPage() {
  const { t } = useTranslation();
  return (
    <RequirePermission permission="householdsWrite">
      <PageHeader title={t("households.new")} />
      <HouseholdForm mode="create" />
    </RequirePermission>
  );
}

export function HouseholdEditPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const query = useHousehold(id);
  return (
    <RequirePermission permission="householdsWrite">
      <PageHeader title={t("households.edit")} subtitle={query.data?.data.head_name} />
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorAlert error={query.error} />
      ) : (
        <HouseholdForm key={query.data.etag} mode="edit" household={query.data.data} etag={query.data.etag} onReload={() => query.refetch()} />
      )}
    </RequirePermission>
  );
}
