/** The signed-in user: sign in, sign out, `useUser()`; the session lives in ./session. */
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";

import { api, FORM, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { sendWaiting, startOffline, stopOffline } from "@/lib/offline/persist";

import { currentRefreshToken, endSession, hasSession, refreshSession, startSession, subscribe, type TokenPair } from "./session";

export type Me = components["schemas"]["Me"];
export type Role = components["schemas"]["Role"];

export const meQuery = queryOptions({
  queryKey: ["auth", "me"],
  queryFn: () => unwrap(api.GET("/api/v1/auth/me")),
  staleTime: 5 * 60_000,
});

/** True while this tab holds a sign-in (tokens in memory or a refresh token to trade). */
export function useSignedIn(): boolean {
  return useSyncExternalStore(subscribe, hasSession, () => false);
}

export function useUser(): Me | undefined {
  const signedIn = useSignedIn();
  return useQuery({ ...meQuery, enabled: signedIn }).data;
}

/** Make sure the access token works before the first page renders (after a reload). */
export async function restoreSession(): Promise<boolean> {
  return hasSession() && refreshSession();
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (creds: { email: string; password: string }) => {
      const pair = await unwrap(
        api.POST("/api/v1/auth/token", {
          body: { grant_type: "password", username: creds.email, password: creds.password },
          ...FORM,
        }),
      );
      // Who signed in, before the app sees a session (it would start loading pages at once).
      const me = await unwrap(api.GET("/api/v1/auth/me", { headers: { Authorization: `Bearer ${(pair as TokenPair).access_token}` } }));
      // Another user's cache is dropped (nothing of theirs may show to this one); this user's
      // outbox comes back from the device and is sent.
      await startOffline(queryClient, me.id);
      startSession(pair as TokenPair);
      queryClient.setQueryData(meQuery.queryKey, me);
      sendWaiting(queryClient);
      return me;
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    // Without signal too: the tokens are forgotten here even when the API cannot be told.
    networkMode: "always",
    mutationFn: async () => {
      // The logout call itself needs the access token: forget the tokens only after it.
      const refreshToken = currentRefreshToken();
      try {
        await api.POST("/api/v1/auth/logout", {
          body: refreshToken ? { refresh_token: refreshToken } : {},
          ...FORM,
        });
      } finally {
        endSession();
        stopOffline(queryClient); // waiting visits stay on the device for the next sign-in
        queryClient.clear();
      }
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: async (body: components["schemas"]["PasswordChange"]) => {
      const pair = await unwrap(api.POST("/api/v1/auth/password", { body }));
      startSession(pair as TokenPair);
    },
  });
}
