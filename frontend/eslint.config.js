// ESLint: TypeScript and React hooks rules, and bulletproof-react's one-way imports:
// shared code (components, hooks, lib, utils) -> features -> app; a feature never imports another.
import { readdirSync } from "node:fs";

import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const features = readdirSync(new URL("./src/features", import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const restrict = (patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

export default tseslint.config(
  { ignores: ["dist", "node_modules", "test-results", "playwright-report", "src/lib/api/schema.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    files: ["src/{components,hooks,lib,utils,config,testing}/**"],
    rules: restrict([
      { group: ["@/features/*", "@/app/*", "../features/*", "../app/*"], message: "Shared code must not import features or the app." },
    ]),
  },
  ...features.map((feature) => ({
    files: [`src/features/${feature}/**`],
    rules: restrict([
      { group: ["@/app/*"], message: "Features must not import the app layer." },
      {
        group: features.filter((f) => f !== feature).map((f) => `@/features/${f}/*`),
        message: "A feature must not import another feature; compose them in src/app.",
      },
    ]),
  })),
  {
    files: ["e2e/**", "*.config.{js,ts}", "scripts/**"],
    languageOptions: { globals: { ...globals.node } },
  },
);
