/** Render a component with the app's providers and a memory router, for component tests. */
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";

import "@/lib/i18n";
import { registerOutbox } from "@/lib/offline/outbox";

export function renderWithApp(ui: ReactElement, { route = "/" } = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  registerOutbox(queryClient);
  const view = render(
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { ...view, queryClient };
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** Answer fetch by `METHOD /path` (first match wins); records every request it saw. */
export function fakeApi(routes: Record<string, Reply | ((request: Request) => Reply)>) {
  const seen: Request[] = [];
  const fetchStub = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    seen.push(request.clone());
    const path = new URL(request.url).pathname;
    const route = routes[`${request.method} ${path}`];
    const reply = typeof route === "function" ? route(request) : (route ?? { status: 404, body: { status: 404, detail: "no route" } });
    const problem = reply.status >= 400;
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { "Content-Type": problem ? "application/problem+json" : "application/json", ...reply.headers },
    });
  };
  return { fetch: fetchStub, seen };
}
