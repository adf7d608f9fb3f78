/** Households: list, detail, create, edit. */
import { Button } from "@mantine/core";
import { IconClipboardList, IconPencilPlus, IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router";

import { PageHeader } from "@/components/page-header";
import { ReadinessCard } from "@/features/assessments/components/readiness-card";
import { ErrorAlert, Loading } from "@/components/states";
import { useHousehold, type Household } from "@/features/households/api/get-household";
import { HouseholdDetail, type DetailSlots } from "@/features/households/components/household-detail";
import { HouseholdForm } from "@/features/households/components/household-form";
import { HouseholdsTable } from "@/features/households/components/households-table";
import { SessionTimeline } from "@/features/sessions/components/session-timeline";
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

/** The household page: the households feature's detail with visits and readiness slotted in. */
export function HouseholdPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const { pathname } = useLocation();
  const me = useUser();
  const base = pathname.startsWith("/my-households") ? "/my-households" : "/households";
  const slots = (household: Household, etag: string, reload: () => Promise<unknown>): DetailSlots => ({
    actions: (
      <>
        {can(me?.role, "visitLog") && household.active_assignment && (
          <Button component={Link} to={`${base}/${id}/visit`} leftSection={<IconPencilPlus size={16} />}>
            {t("visit.title")}
          </Button>
        )}
      </>
    ),
    main: (
      <>
        <ReadinessCard
          householdId={id}
          householdStatus={household.status}
          etag={etag}
          mayGraduate={can(me?.role, "graduate")}
          onReload={reload}
          action={
            can(me?.role, "assessmentsWrite") && (
              <Button component={Link} to={`${base}/${id}/assessment`} size="xs" variant="light" leftSection={<IconClipboardList size={14} />}>
                {t("assessment.title")}
              </Button>
            )
          }
        />
        <SessionTimeline householdId={id} reviewable={can(me?.role, "sessionsReview")} />
      </>
    ),
  });
  return <HouseholdDetail id={id} slots={slots} />;
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
