/** Your profile and password. */
import { useTranslation } from "react-i18next";

import { PageHeader } from "@/components/page-header";
import { Profile } from "@/features/auth/components/profile";

export function ProfilePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("profile.title")} />
      <Profile />
    </>
  );
}
