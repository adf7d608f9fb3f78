/** Route guards: signed in (else the login page), and a role that may open the page. */
import type { ReactNode } from "react";
import { Navigate, Outlet, useLocation } from "react-router";

import { Loading } from "@/components/states";
import { useSignedIn, useUser } from "@/lib/auth/auth";
import { can, homeOf, type Permission } from "@/lib/auth/policy";

import { Forbidden } from "./routes/not-found";

export function RequireAuth() {
  const signedIn = useSignedIn();
  const location = useLocation();
  if (!signedIn) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login${next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`} replace />;
  }
  return <Outlet />;
}

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const me = useUser();
  if (!me) return <Loading />;
  return can(me.role, permission) ? children : <Forbidden />;
}

export function Home() {
  const me = useUser();
  if (!me) return <Loading />;
  return <Navigate to={homeOf(me.role)} replace />;
}
