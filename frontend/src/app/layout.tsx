/** The signed-in frame: header with language and account menu, role-filtered navigation. */
import { AppShell, Avatar, Burger, Group, Menu, NavLink, Text, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconChevronDown, IconLogout, IconUser } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation, useNavigate } from "react-router";

import { LanguageSwitch } from "@/components/language-switch";
import { Logo } from "@/components/logo";
import { OutboxBar } from "@/components/outbox-bar";
import { useLogout, useUser } from "@/lib/auth/auth";
import { can } from "@/lib/auth/policy";

import { NAV } from "./nav";

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter((w) => /^[A-Za-z]/.test(w))
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join("");
}

export function Layout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const me = useUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const { pathname } = useLocation();

  const signOut = () => logout.mutate(undefined, { onSettled: () => void navigate("/login", { replace: true }) });

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t("nav.menu")} />
            <Logo />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            {me && (
              <Menu position="bottom-end" width={220}>
                <Menu.Target>
                  <UnstyledButton aria-label={t("nav.account")}>
                    <Group gap={6} wrap="nowrap">
                      <Avatar size={32} radius="xl" color="teal">
                        {initials(me.name)}
                      </Avatar>
                      <Text size="sm" fw={500} visibleFrom="md" maw={160} truncate>
                        {me.name}
                      </Text>
                      <IconChevronDown size={14} />
                    </Group>
                  </UnstyledButton>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>{t(`role.${me.role}`, { defaultValue: me.role })}</Menu.Label>
                  <Menu.Item leftSection={<IconUser size={16} />} component={Link} to="/profile">
                    {t("nav.profile")}
                  </Menu.Item>
                  <Menu.Item leftSection={<IconLogout size={16} />} color="red" onClick={signOut}>
                    {t("nav.signOut")}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        {NAV.filter((item) => can(me?.role, item.permission)).map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={t(item.label)}
            leftSection={<item.icon size={18} stroke={1.6} />}
            active={pathname === item.to || pathname.startsWith(`${item.to}/`)}
            onClick={close}
            variant="light"
            style={{ borderRadius: 8 }}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main bg="var(--mantine-color-gray-0)">
        <OutboxBar />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
