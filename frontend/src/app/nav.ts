/** The navigation, each entry shown only to the roles that may use it. */
import {
  IconArrowsShuffle,
  IconChartPie,
  IconClipboardCheck,
  IconHome,
  IconHomeHeart,
  IconListDetails,
  IconPlugConnected,
  IconUserCog,
  IconUsersGroup,
  type Icon,
} from "@tabler/icons-react";

import type { Permission } from "@/lib/auth/policy";

export type NavItem = { to: string; label: string; icon: Icon; permission: Permission };

export const NAV: NavItem[] = [
  { to: "/dashboard", label: "nav.dashboard", icon: IconChartPie, permission: "dashboard" },
  { to: "/my-households", label: "nav.myHouseholds", icon: IconHomeHeart, permission: "myHouseholds" },
  { to: "/households", label: "nav.households", icon: IconHome, permission: "households" },
  { to: "/sessions", label: "nav.sessions", icon: IconClipboardCheck, permission: "sessionsReview" },
  { to: "/mentors", label: "nav.mentors", icon: IconUsersGroup, permission: "mentors" },
  { to: "/matching", label: "nav.matching", icon: IconArrowsShuffle, permission: "matching" },
  { to: "/admin/users", label: "nav.users", icon: IconUserCog, permission: "users" },
  { to: "/admin/integrations", label: "nav.integrations", icon: IconPlugConnected, permission: "integrations" },
  { to: "/admin/audit", label: "nav.audit", icon: IconListDetails, permission: "audit" },
];
