/** Everything the pages need around them: theme, data cache, notifications, modals. */
import { MantineProvider } from "@mantine/core";
import { ModalsProvider } from "@mantine/modals";
import { Notifications } from "@mantine/notifications";
import { onlineManager, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";

import { isApiError } from "@/lib/api/problem";
import { registerOutbox } from "@/lib/offline/outbox";
import { keepFieldPages } from "@/lib/offline/persist";

import { theme } from "./theme";

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // A 4xx will not fix itself; retry only network trouble and 5xx, once.
      retry: (failures, error) => failures < 1 && !(isApiError(error) && error.status < 500),
    },
  },
});
registerOutbox(queryClient);
keepFieldPages(queryClient);
// TanStack assumes online until the browser fires "offline": a page opened without a signal
// must know at once, so a visit recorded now waits instead of failing.
if (typeof navigator !== "undefined") onlineManager.setOnline(navigator.onLine);

export function AppProvider({ children }: { children: ReactNode }) {
  return (
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <ModalsProvider>
          <Notifications position="top-right" />
          {children}
        </ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
