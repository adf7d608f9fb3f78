/** A modal form that creates a user; the API's messages show on the fields they name. */
import { Button, Group, Modal, PasswordInput, Select, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ErrorAlert } from "@/components/states";
import { fieldErrors } from "@/lib/api/messages";
import { ROLES } from "@/lib/reference";

import { useCreateUser, type UserCreate } from "../api/users";

import { ScopeFields, scopeBody, type ScopeValues } from "./scope-fields";

type Values = ScopeValues & { email: string; name: string; password: string };

export function CreateUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const [other, setOther] = useState<unknown>(null);
  const form = useForm<Values>({
    initialValues: { email: "", name: "", role: "coordinator", password: "", agency_code: null, region_code: null, mentor_id: null },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v) ? null : t("errors.field.email")),
      name: (v) => (v.trim() ? null : t("errors.field.missing")),
      password: (v) => (v.length >= 8 ? null : t("errors.field.passwordShort")),
    },
  });

  const submit = form.onSubmit((v) => {
    setOther(null);
    const body: UserCreate = {
      email: v.email.trim(),
      name: v.name.trim(),
      role: v.role as UserCreate["role"],
      password: v.password,
      ...scopeBody(v),
    };
    create.mutate(body, {
      onSuccess: () => {
        notifications.show({ color: "teal", message: t("users.created") });
        form.reset();
        onClose();
      },
      onError: (error) => {
        const byField = fieldErrors(t, error);
        form.setErrors(byField);
        if (!Object.keys(byField).some((k) => k in v)) setOther(error);
      },
    });
  });

  return (
    <Modal opened={opened} onClose={onClose} title={t("users.new")} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {other != null && <ErrorAlert error={other} />}
          <TextInput label={t("fields.email")} required type="email" {...form.getInputProps("email")} />
          <TextInput label={t("fields.name")} required {...form.getInputProps("name")} />
          <Select
            label={t("fields.role")}
            required
            allowDeselect={false}
            data={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            {...form.getInputProps("role")}
          />
          <ScopeFields form={form} />
          <PasswordInput label={t("fields.initialPassword")} required description={t("users.passwordHint")} {...form.getInputProps("password")} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t("users.create")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
