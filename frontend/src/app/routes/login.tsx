/** The sign-in page: the form on a calm, branded background. */
import { Alert, Box, Card, Center, Group, Stack, Text, Title } from "@mantine/core";
import { IconCloudUpload } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate, useSearchParams } from "react-router";

import { LanguageSwitch } from "@/components/language-switch";
import { Logo } from "@/components/logo";
import { LoginForm } from "@/features/auth/components/login-form";
import { useSignedIn } from "@/lib/auth/auth";
import { homeOf } from "@/lib/auth/policy";
import { waitingOnDevice } from "@/lib/offline/persist";

function safeNext(next: string | null): string | null {
  // Only paths inside this app: never an open redirect to another site.
  return next && next.startsWith("/") && !next.startsWith("//") ? next : null;
}

export function LoginRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const signedIn = useSignedIn();
  const next = safeNext(params.get("next"));
  const [waiting] = useState(waitingOnDevice);
  if (signedIn && !next) return <Navigate to="/" replace />;

  return (
    <Box mih="100vh" style={{ background: "linear-gradient(135deg, var(--mantine-color-teal-0), var(--mantine-color-cyan-1))" }}>
      <Group justify="flex-end" p="md">
        <LanguageSwitch />
      </Group>
      <Center px="md" pb={60}>
        <Stack w="100%" maw={400} gap="lg">
          <Center>
            <Logo />
          </Center>
          {waiting > 0 && (
            <Alert color="orange" icon={<IconCloudUpload size={18} />} data-testid="login-waiting">
              {t("outbox.waitingSignIn", { count: waiting })}
            </Alert>
          )}
          <Card withBorder radius="lg" padding="xl" shadow="md">
            <Title order={3} mb={4}>
              {t("login.title")}
            </Title>
            <Text size="sm" c="dimmed" mb="lg">
              {t("login.subtitle")}
            </Text>
            <LoginForm onSuccess={(me) => void navigate(next ?? homeOf(me.role), { replace: true })} />
          </Card>
          <Text size="xs" c="dimmed" ta="center">
            {t("login.footer")}
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
