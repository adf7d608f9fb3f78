/** The routes: login outside the frame; everything else signed in, pages loaded on demand. */
import { createBrowserRouter } from "react-router";

import { Loading } from "@/components/states";

import { Home, RequireAuth } from "./guards";
import { LoginRoute } from "./routes/login";
import { NotFound, RouteError } from "./routes/not-found";


export const router = createBrowserRouter([
  { path: "/login", Component: LoginRoute },
  {
    Component: RequireAuth,
    HydrateFallback: Loading,
    children: [
      {
        lazy: async () => ({ Component: (await import("./layout")).Layout }),
        ErrorBoundary: RouteError,
        children: [
          // A page that fails to load shows its error inside the frame (navigation stays).
          {
            ErrorBoundary: RouteError,
            children: [
              { index: true, Component: Home },
              { path: "dashboard", lazy: async () => ({ Component: (await import("./routes/dashboard")).DashboardPage }) },
              { path: "households", lazy: async () => ({ Component: (await import("./routes/households")).HouseholdsPage }) },
              { path: "households/new", lazy: async () => ({ Component: (await import("./routes/households")).HouseholdNewPage }) },
              { path: "households/:id", lazy: async () => ({ Component: (await import("./routes/households")).HouseholdPage }) },
              { path: "households/:id/edit", lazy: async () => ({ Component: (await import("./routes/households")).HouseholdEditPage }) },
              { path: "my-households", lazy: async () => ({ Component: (await import("./routes/my-households")).MyHouseholdsPage }) },
              { path: "my-households/:id", lazy: async () => ({ Component: (await import("./routes/households")).HouseholdPage }) },
              { path: "my-households/:id/visit", lazy: async () => ({ Component: (await import("./routes/field")).VisitPage }) },
              { path: "my-households/:id/assessment", lazy: async () => ({ Component: (await import("./routes/field")).AssessmentPage }) },
              { path: "households/:id/assessment", lazy: async () => ({ Component: (await import("./routes/field")).AssessmentPage }) },
              { path: "sessions", lazy: async () => ({ Component: (await import("./routes/sessions")).SessionsPage }) },
              { path: "mentors", lazy: async () => ({ Component: (await import("./routes/mentors")).MentorsPage }) },
              { path: "mentors/:id", lazy: async () => ({ Component: (await import("./routes/mentors")).MentorPage }) },
              { path: "matching", lazy: async () => ({ Component: (await import("./routes/matching")).MatchingPage }) },
              { path: "matching/:id", lazy: async () => ({ Component: (await import("./routes/matching")).MatchingRunPage }) },
              { path: "admin/users", lazy: async () => ({ Component: (await import("./routes/admin")).UsersPage }) },
              { path: "admin/integrations", lazy: async () => ({ Component: (await import("./routes/integrations")).IntegrationsPage }) },
              { path: "admin/integrations/webhooks", lazy: async () => ({ Component: (await import("./routes/integrations")).WebhooksPage }) },
              { path: "admin/integrations/webhooks/:id", lazy: async () => ({ Component: (await import("./routes/integrations")).WebhookPage }) },
              { path: "admin/audit", lazy: async () => ({ Component: (await import("./routes/admin")).AuditPage }) },
              { path: "profile", lazy: async () => ({ Component: (await import("./routes/profile")).ProfilePage }) },
              { path: "*", Component: NotFound },
            ],
          },
        ],
      },
    ],
  },
]);
