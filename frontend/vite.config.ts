/// <reference types="vitest/config" />
import { fileURLToPath, URL } from "node:url";

import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";

// `npm run dev` proxies the API to a local `bina serve` (default :8000, BINA_API to change).
const api = process.env.BINA_API ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [
    react(),
    // A service worker keeps the built app on the phone, so a mentor without signal can still open
    // and reload it (the API is never cached: personal data is no-store; the outbox keeps writes).
    VitePWA({
      injectRegister: false, // registered in main.tsx: the CSP allows no inline script
      manifest: false,
      workbox: {
        globPatterns: ["**/*.{js,css,html,svg,woff2}"],
        navigateFallback: "/index.html",
        navigateFallbackDenylist: [/^\/(api|docs|healthz|readyz|metrics)(\/|$)/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  server: {
    proxy: { "/api": api, "/healthz": api },
  },
  build: {
    chunkSizeWarningLimit: 900,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/testing/setup.ts"],
    css: false,
    // jsdom renders Mantine slowly on a busy 2-core machine; no test is about speed.
    testTimeout: 30_000,
  },
});
