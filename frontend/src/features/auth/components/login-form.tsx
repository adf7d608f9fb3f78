/** Sign in with email and password; wrong credentials and rate limits read as people expect. */
import { Alert, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

import { problemMessage } from "@/lib/api/messages";
import { isApiError } from "@/lib/api/problem";
import { useLogin, type Me } from "@/lib/auth/auth";

export function LoginForm({ onSuccess }: { onSuccess: (me: Me) => void }) {
  const { t } = useTranslation();
  const login = useLogin();
  const form = useForm({
    initialValues: { email: "", password: "" },
    validate: {
      email: (v) => (v.trim() ? null : t("errors.field.missing")),
      password: (v) => (v ? null : t("errors.field.missing")),
    },
  });
  const error = login.error;
  return (
    <form onSubmit={form.onSubmit((v) => login.mutate({ email: v.email.trim(), password: v.password }, { onSuccess }))} noValidate>
      <Stack gap="md">
        {error && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert">
            {isApiError(error, 401) ? t("login.wrong") : problemMessage(t, error)}
          </Alert>
        )}
        <TextInput label={t("fields.email")} type="email" autoComplete="username" placeholder="nama@palembang.go.id" {...form.getInputProps("email")} />
        <PasswordInput label={t("login.password")} autoComplete="current-password" {...form.getInputProps("password")} />
        <Button type="submit" fullWidth size="md" loading={login.isPending}>
          {t("login.submit")}
        </Button>
      </Stack>
    </form>
  );
}
