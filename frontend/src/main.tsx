/** Start-up: language, then the session (a reload trades the refresh token), then the app. */
import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "@mantine/dates/styles.css";
import { i18nReady } from "@/lib/i18n";

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";

import { AppProvider, queryClient } from "@/app/provider";
import { router } from "@/app/router";
import { restoreSession } from "@/lib/auth/auth";
import { hasSession } from "@/lib/auth/session";
import { resumeOffline } from "@/lib/offline/persist";

const root = createRoot(document.getElementById("root") as HTMLElement);

// The app shell comes from the service worker's cache when there is no signal (reload offline).
if (import.meta.env.PROD && "serviceWorker" in navigator) {
  void navigator.serviceWorker.register("/sw.js").catch(() => undefined);
}

async function start(): Promise<void> {
  await i18nReady.catch(() => undefined); // English failed to load: Indonesian shows instead
  await restoreSession(); // offline: fails quietly, the refresh token stays for later
  // This tab's user (a reload): their outbox and, for a mentor, the field pages from the device.
  if (hasSession()) await resumeOffline(queryClient);
}

void start().finally(() =>
  root.render(
    <StrictMode>
      <AppProvider>
        <RouterProvider router={router} />
      </AppProvider>
    </StrictMode>,
  ),
);
