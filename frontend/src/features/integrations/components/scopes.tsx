/** Scopes as people read them: a short label and a description in the UI's language, never the
 * bare `households:read` (that code shows only beside the description, for the integrator). */
import { Badge, Checkbox, Code, Group, SimpleGrid, Text } from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

import { SCOPES } from "@/lib/reference";

import type { Scope } from "../api/integration-clients";

/** `households:read` -> `scope.households_read` (i18next reads `:` as a namespace). */
export const scopeKey = (scope: Scope) => `scope.${scope.replace(":", "_")}`;

export function scopeLabel(t: TFunction, scope: Scope): string {
  return t(`${scopeKey(scope)}.label`);
}

export function ScopeBadges({ scopes }: { scopes: readonly Scope[] }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      {SCOPES.filter((s) => scopes.includes(s)).map((s) => (
        <Badge key={s} variant="light" color={s.endsWith(":read") ? "blue" : "grape"} tt="none" fw={500} title={s}>
          {scopeLabel(t, s)}
        </Badge>
      ))}
    </Group>
  );
}

type CheckboxesProps = { value: string[]; onChange: (value: string[]) => void; error?: string };

export function ScopeCheckboxes({ value, onChange, error }: CheckboxesProps) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group label={t("integrations.scopes")} description={t("integrations.scopesHint")} value={value} onChange={onChange} error={error} withAsterisk>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm" mt="xs">
        {SCOPES.map((s) => (
          <Checkbox
            key={s}
            value={s}
            label={scopeLabel(t, s)}
            description={
              <Text span size="xs" c="dimmed">
                {t(`${scopeKey(s)}.description`)} <Code fz={10}>{s}</Code>
              </Text>
            }
          />
        ))}
      </SimpleGrid>
    </Checkbox.Group>
  );
}
