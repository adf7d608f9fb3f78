/**
 * The changes an admin makes to one client, each in a dialog that first reads the client afresh
 * (its ETag goes back as If-Match): change its access, rotate its secret, revoke it. A 412 means
 * someone changed it meanwhile: the dialog says so and shows the current copy to decide on again.
 */
import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";

import { FormActions } from "@/components/form-actions";
import { GraceHoursInput } from "@/components/grace-hours-input";
import { ErrorAlert, QueryState } from "@/components/states";
import { isApiError } from "@/lib/api/problem";

import {
  useIntegrationClient,
  useRevokeIntegrationClient,
  useRotateClientSecret,
  useUpdateIntegrationClient,
  type ClientCopy,
  type IntegrationClientWithSecret,
} from "../api/integration-clients";

import { AccessFields, accessErrors, allOnFields, validateAccess, type AccessValues } from "./access-fields";
import { ClientSecretModal } from "./client-secret";

type DialogProps = { clientId: string; onClose: () => void };
/** What a dialog's body does with a failed change: 412 reloads, field errors stay on the form. */
type Report = (error: unknown, onFields?: boolean) => void;

function ClientDialog({ clientId, title, onClose, children }: DialogProps & { title: string; children: (copy: ClientCopy, report: Report) => ReactNode }) {
  const { t } = useTranslation();
  const query = useIntegrationClient(clientId);
  const [problem, setProblem] = useState<unknown>(null);
  const report: Report = (error, onFields = false) => {
    setProblem(onFields ? null : error);
    // Stale (412, 428) or revoked meanwhile (409): show the copy as it is now.
    if (isApiError(error, 412) || isApiError(error, 428) || isApiError(error, 409)) void query.refetch();
  };
  return (
    <Modal opened onClose={onClose} title={title} size="xl">
      <Stack gap="md">
        {isApiError(problem, 412) || isApiError(problem, 428) ? (
          <Alert color="orange" title={t("errors.staleTitle")} data-testid="stale">
            {t("errors.staleReloaded")}
          </Alert>
        ) : isApiError(problem, 409) ? (
          <Alert color="red" title={t("errors.title")}>
            {t("integrations.revokedMeanwhile")}
          </Alert>
        ) : (
          problem != null && <ErrorAlert error={problem} />
        )}
        <QueryState query={query}>
          {(copy) => (
            <Stack gap="md" key={copy.etag}>
              <Text size="sm" c="dimmed">
                {copy.data.name} · <code>{copy.data.client_id}</code>
              </Text>
              {children(copy, report)}
            </Stack>
          )}
        </QueryState>
      </Stack>
    </Modal>
  );
}

export function EditAccessModal(props: DialogProps) {
  const { t } = useTranslation();
  return (
    <ClientDialog {...props} title={t("integrations.editAccess")}>
      {(copy, report) => <EditAccessForm copy={copy} report={report} onDone={props.onClose} />}
    </ClientDialog>
  );
}

function EditAccessForm({ copy, report, onDone }: { copy: ClientCopy; report: Report; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateIntegrationClient();
  const form = useForm<AccessValues>({
    initialValues: { scopes: copy.data.scopes, region_codes: copy.data.region_codes },
    validate: validateAccess(t),
  });
  const submit = form.onSubmit((body) =>
    update.mutate(
      { copy, body },
      {
        onSuccess: (client) => {
          notifications.show({ color: "teal", message: t("integrations.accessSaved", { name: client.name }) });
          onDone();
        },
        onError: (error) => {
          const byField = accessErrors(t, error);
          form.setErrors(byField);
          report(error, allOnFields(byField, body));
        },
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <AccessFields form={form} />
        <FormActions submit={t("common.save")} loading={update.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}

export function RotateSecretModal(props: DialogProps) {
  const { t } = useTranslation();
  const [rotated, setRotated] = useState<IntegrationClientWithSecret | null>(null);
  if (rotated) return <ClientSecretModal client={rotated} rotated onClose={props.onClose} />;
  return (
    <ClientDialog {...props} title={t("integrations.rotate")}>
      {(copy, report) => <RotateForm copy={copy} report={report} onRotated={setRotated} onCancel={props.onClose} />}
    </ClientDialog>
  );
}

type RotateProps = { copy: ClientCopy; report: Report; onRotated: (client: IntegrationClientWithSecret) => void; onCancel: () => void };

function RotateForm({ copy, report, onRotated, onCancel }: RotateProps) {
  const { t } = useTranslation();
  const rotate = useRotateClientSecret();
  const form = useForm({ initialValues: { graceHours: 24 as number | string } });
  const submit = form.onSubmit(({ graceHours }) =>
    rotate.mutate({ copy, graceHours: Number(graceHours) || 0 }, { onSuccess: onRotated, onError: (error) => report(error) }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">{t("integrations.rotateBody")}</Text>
        <GraceHoursInput {...form.getInputProps("graceHours")} />
        <FormActions submit={t("integrations.rotateSubmit")} loading={rotate.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

export function RevokeClientModal(props: DialogProps) {
  const { t } = useTranslation();
  const revoke = useRevokeIntegrationClient();
  return (
    <ClientDialog {...props} title={t("integrations.revokeTitle")}>
      {(copy, report) => (
        <>
          <Text size="sm">{t("integrations.revokeBody", { name: copy.data.name })}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={props.onClose}>
              {t("common.cancel")}
            </Button>
            <Button
              color="red"
              loading={revoke.isPending}
              onClick={() =>
                revoke.mutate(copy, {
                  onSuccess: () => {
                    notifications.show({ color: "teal", message: t("integrations.revoked", { name: copy.data.name }) });
                    props.onClose();
                  },
                  onError: (error) => report(error),
                })
              }
            >
              {t("integrations.revoke")}
            </Button>
          </Group>
        </>
      )}
    </ClientDialog>
  );
}
