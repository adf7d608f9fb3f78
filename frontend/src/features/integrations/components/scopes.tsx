/** Scopes as people read them: a short label and a description in the UI's language, never the
 * bare `households:read` (that code shows only beside the description, for the integrator). */
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

import { CodeBadges, CodeCheckboxes } from "@/components/code-choices";
import { SCOPES } from "@/lib/reference";

import type { Scope } from "../api/integration-clients";

/** `households:read` -> `scope.households_read` (i18next reads `:` as a namespace). */
export const scopeKey = (scope: Scope) => `scope.${scope.replace(":", "_")}`;

export function scopeLabel(t: TFunction, scope: Scope): string {
  return t(`${scopeKey(scope)}.label`);
}

export function ScopeBadges({ scopes }: { scopes: readonly Scope[] }) {
  const { t } = useTranslation();
  const items = SCOPES.filter((s) => scopes.includes(s)).map((s) => ({
    code: s,
    label: scopeLabel(t, s),
    color: s.endsWith(":read") ? "blue" : "grape",
  }));
  return <CodeBadges items={items} />;
}

type CheckboxesProps = { value: string[]; onChange: (value: string[]) => void; error?: string };

export function ScopeCheckboxes(props: CheckboxesProps) {
  const { t } = useTranslation();
  const items = SCOPES.map((s) => ({ code: s, label: scopeLabel(t, s), description: t(`${scopeKey(s)}.description`) }));
  return <CodeCheckboxes label={t("integrations.scopes")} description={t("integrations.scopesHint")} items={items} {...props} />;
}
