/** Your account (GET /auth/me) and changing your password (every other sign-in ends). */
import { Button, Card, Grid, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useTranslation } from "react-i18next";

import { FieldList } from "@/components/field-list";
import { LanguageSwitch } from "@/components/language-switch";
import { Loading } from "@/components/states";
import { fieldErrors, problemMessage } from "@/lib/api/messages";
import { useChangePassword, useUser } from "@/lib/auth/auth";

export function Profile() {
  const { t } = useTranslation();
  const me = useUser();
  const change = useChangePassword();
  const form = useForm({
    initialValues: { current_password: "", new_password: "", confirm: "" },
    validate: {
      current_password: (v) => (v ? null : t("errors.field.missing")),
      new_password: (v) => (v.length >= 8 ? null : t("errors.field.passwordShort")),
      confirm: (v, values) => (v === values.new_password ? null : t("profile.mismatch")),
    },
  });
  if (!me) return <Loading />;

  const submit = form.onSubmit(({ current_password, new_password }) =>
    change.mutate(
      { current_password, new_password },
      {
        onSuccess: () => {
          form.reset();
          notifications.show({ color: "teal", message: t("profile.changed") });
        },
        onError: (error) => {
          const byField = fieldErrors(t, error);
          if (Object.keys(byField).length) form.setErrors(byField);
          else notifications.show({ color: "red", message: problemMessage(t, error) });
        },
      },
    ),
  );

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Stack gap="md">
          <Card withBorder radius="md">
            <Title order={4} mb="sm">
              {t("profile.account")}
            </Title>
            <FieldList
              cols={1}
              items={[
                [t("fields.name"), me.name],
                [t("fields.email"), me.email],
                [t("fields.role"), t(`role.${me.role}`, { defaultValue: me.role })],
                [t("fields.scope"), me.agency_code ?? me.region_code ?? t("users.wholeCity")],
              ]}
            />
          </Card>
          <Card withBorder radius="md">
            <Title order={4} mb="xs">
              {t("language.label")}
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              {t("language.hint")}
            </Text>
            <LanguageSwitch size="sm" />
          </Card>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Card withBorder radius="md">
          <Title order={4} mb="xs">
            {t("profile.changePassword")}
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            {t("profile.changeHint")}
          </Text>
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <PasswordInput label={t("profile.current")} autoComplete="current-password" {...form.getInputProps("current_password")} />
              <PasswordInput label={t("profile.new")} autoComplete="new-password" {...form.getInputProps("new_password")} />
              <PasswordInput label={t("profile.confirm")} autoComplete="new-password" {...form.getInputProps("confirm")} />
              <Button type="submit" loading={change.isPending} mt="xs">
                {t("profile.save")}
              </Button>
            </Stack>
          </form>
        </Card>
      </Grid.Col>
    </Grid>
  );
}
