/** The mentor's field forms, each for one household: log a visit, record an assessment. */
import { Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate, useParams } from "react-router";

import { PageHeader } from "@/components/page-header";
import { QueryState } from "@/components/states";
import { AssessmentForm } from "@/features/assessments/components/assessment-form";
import { type Household, useHousehold } from "@/features/households/api/get-household";
import { VisitForm } from "@/features/sessions/components/visit-form";
import type { Permission } from "@/lib/auth/policy";

import { RequirePermission } from "../guards";

/** Back to the household page the form was opened from (mentor or officer path). */
function useHouseholdPath(id: string): string {
  const { pathname } = useLocation();
  return pathname.startsWith("/my-households") ? `/my-households/${id}` : `/households/${id}`;
}

/** A form page for the household in the URL: its name under the title, its loading and offline
 * states, and `children` drawing the form once it is loaded, with the way back to where it came from. */
function FieldPage({
  permission,
  title,
  children,
}: {
  permission: Permission;
  title: string;
  children: (household: Household, back: () => void) => ReactNode;
}) {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const backPath = useHouseholdPath(id);
  const query = useHousehold(id);
  const back = () => void navigate(backPath);
  return (
    <RequirePermission permission={permission}>
      <PageHeader title={title} subtitle={query.data?.data.head_name} />
      <QueryState query={query}>{({ data: household }) => children(household, back)}</QueryState>
    </RequirePermission>
  );
}

export function VisitPage() {
  const { t } = useTranslation();
  return (
    <FieldPage permission="visitLog" title={t("visit.title")}>
      {(household, back) =>
        household.active_assignment ? (
          <VisitForm household={household} assignmentId={household.active_assignment.id} onDone={back} onCancel={back} />
        ) : (
          <Text c="dimmed">{t("visit.noAssignment")}</Text>
        )
      }
    </FieldPage>
  );
}

export function AssessmentPage() {
  const { t } = useTranslation();
  return (
    <FieldPage permission="assessmentsWrite" title={t("assessment.title")}>
      {(household, back) => <AssessmentForm household={household} onDone={back} onCancel={back} />}
    </FieldPage>
  );
}
