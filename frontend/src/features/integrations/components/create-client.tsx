/** Register another agency's system; its secret is shown once, right after. */
import { Modal, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { FormActions } from "@/components/form-actions";
import { ErrorAlert } from "@/components/states";
import { WrappingSelect } from "@/components/wrapping-select";
import { useAgencies } from "@/lib/reference";

import { useCreateIntegrationClient, type IntegrationClientWithSecret } from "../api/integration-clients";

import { AccessFields, accessErrors, allOnFields, validateAccess, type AccessValues } from "./access-fields";
import { ClientSecretModal } from "./client-secret";

type Values = AccessValues & { name: string; agency_code: string | null };

export function CreateClientModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const agencies = useAgencies();
  const create = useCreateIntegrationClient();
  const [created, setCreated] = useState<IntegrationClientWithSecret | null>(null);
  const [other, setOther] = useState<unknown>(null);
  const form = useForm<Values>({
    initialValues: { name: "", agency_code: null, scopes: [], region_codes: [] },
    validate: {
      name: (v) => (v.trim().length >= 3 ? null : t("integrations.nameShort")),
      agency_code: (v) => (v ? null : t("errors.field.missing")),
      ...validateAccess(t),
    },
  });

  const submit = form.onSubmit((v) => {
    setOther(null);
    create.mutate(
      { name: v.name.trim(), agency_code: v.agency_code ?? "", scopes: v.scopes, region_codes: v.region_codes },
      {
        onSuccess: (client) => {
          notifications.show({ color: "teal", message: t("integrations.created", { name: client.name }) });
          form.reset();
          setCreated(client);
        },
        onError: (error) => {
          const byField = accessErrors(t, error);
          form.setErrors(byField);
          if (!allOnFields(byField, v)) setOther(error);
        },
      },
    );
  });

  if (created)
    return (
      <ClientSecretModal
        client={created}
        onClose={() => {
          setCreated(null);
          onClose();
        }}
      />
    );
  return (
    <Modal opened={opened} onClose={onClose} title={t("integrations.new")} size="xl">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {other != null && <ErrorAlert error={other} />}
          <TextInput label={t("integrations.name")} description={t("integrations.nameHint")} required {...form.getInputProps("name")} />
          <WrappingSelect
            label={t("integrations.agency")}
            description={t("integrations.agencyHint")}
            required
            data={(agencies.data?.items ?? []).map((a) => ({ value: a.code, label: a.name }))}
            {...form.getInputProps("agency_code")}
          />
          <AccessFields form={form} />
          <FormActions submit={t("integrations.create")} loading={create.isPending} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
