/** The mentor's field forms, each for one household: log a visit, record an assessment. */
import { Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate, useParams } from "react-router";

import { PageHeader } from "@/components/page-header";
import { ErrorAlert, Loading, OfflineEmpty } from "@/components/states";
import { AssessmentForm } from "@/features/assessments/components/assessment-form";
import { useHousehold } from "@/features/households/api/get-household";
import { VisitForm } from "@/features/sessions/components/visit-form";

import { RequirePermission } from "../guards";

/** Back to the household page the form was opened from (mentor or officer path). */
function useHouseholdPath(id: string): string {
  const { pathname } = useLocation();
  return pathname.startsWith("/my-households") ? `/my-households/${id}` : `/households/${id}`;
}

export function VisitPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const back = useHouseholdPath(id);
  const query = useHousehold(id);
  const household = query.data?.data;
  return (
    <RequirePermission permission="visitLog">
      <PageHeader title={t("visit.title")} subtitle={household?.head_name} />
      {query.isPending ? (
        query.fetchStatus === "paused" ? <OfflineEmpty /> : <Loading />
      ) : query.isError ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : !household?.active_assignment ? (
        <Text c="dimmed">{t("visit.noAssignment")}</Text>
      ) : (
        <VisitForm household={household} assignmentId={household.active_assignment.id} onDone={() => void navigate(back)} onCancel={() => void navigate(back)} />
      )}
    </RequirePermission>
  );
}

export function AssessmentPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const back = useHouseholdPath(id);
  const query = useHousehold(id);
  const household = query.data?.data;
  return (
    <RequirePermission permission="assessmentsWrite">
      <PageHeader title={t("assessment.title")} subtitle={household?.head_name} />
      {query.isPending ? (
        query.fetchStatus === "paused" ? <OfflineEmpty /> : <Loading />
      ) : query.isError ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <AssessmentForm household={household ?? { id, head_name: "" }} onDone={() => void navigate(back)} onCancel={() => void navigate(back)} />
      )}
    </RequirePermission>
  );
}
