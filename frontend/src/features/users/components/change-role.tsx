/** Change a user's role (and the scope that role needs) with If-Match on the version shown. */
import { Button, Group, Modal, Select, Stack, Text } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ErrorAlert } from "@/components/states";
import { fieldErrors } from "@/lib/api/messages";
import { isApiError } from "@/lib/api/problem";
import { ROLES } from "@/lib/reference";

import { useUpdateUser, type User } from "../api/users";

import { ScopeFields, scopeBody, type ScopeValues } from "./scope-fields";

export function ChangeRoleModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateUser();
  const [other, setOther] = useState<unknown>(null);
  const form = useForm<ScopeValues>({
    initialValues: { role: user.role, agency_code: user.agency_code, region_code: user.region_code, mentor_id: user.mentor_id },
  });
  const submit = form.onSubmit((v) => {
    setOther(null);
    update.mutate(
      { user, body: { role: v.role as User["role"], ...scopeBody(v) } },
      {
        onSuccess: () => {
          notifications.show({ color: "teal", message: t("users.roleChanged") });
          onClose();
        },
        onError: (error) => {
          const byField = fieldErrors(t, error);
          form.setErrors(byField);
          if (isApiError(error, 412) || !Object.keys(byField).length) setOther(error);
        },
      },
    );
  });
  return (
    <Modal opened onClose={onClose} title={t("users.changeRole")}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {user.name} · {user.email}
          </Text>
          {other != null && <ErrorAlert error={other} />}
          <Select
            label={t("fields.role")}
            allowDeselect={false}
            data={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            {...form.getInputProps("role")}
          />
          <ScopeFields form={form} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={update.isPending}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
