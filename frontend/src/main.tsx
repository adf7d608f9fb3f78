/** Start-up: language, then the session (a reload trades the refresh token), then the app. */
import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "@mantine/dates/styles.css";
import "@/lib/i18n";

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";

import { AppProvider } from "@/app/provider";
import { router } from "@/app/router";
import { restoreSession } from "@/lib/auth/auth";

const root = createRoot(document.getElementById("root") as HTMLElement);

void restoreSession().finally(() =>
  root.render(
    <StrictMode>
      <AppProvider>
        <RouterProvider router={router} />
      </AppProvider>
    </StrictMode>,
  ),
);
