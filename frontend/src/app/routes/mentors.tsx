/** Mentors: list and detail. */
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";

import { PageHeader } from "@/components/page-header";
import { MentorDetail } from "@/features/mentors/components/mentor-detail";
import { MentorsTable } from "@/features/mentors/components/mentors-table";

import { RequirePermission } from "../guards";

export function MentorsPage() {
  const { t } = useTranslation();
  return (
    <RequirePermission permission="mentors">
      <PageHeader title={t("mentors.title")} subtitle={t("mentors.subtitle")} />
      <MentorsTable />
    </RequirePermission>
  );
}

export function MentorPage() {
  const { id = "" } = useParams();
  return <MentorDetail id={id} />;
}
