import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { renderWithApp } from "@/testing/render";

import { SecretOnceModal } from "./secret-once";

const SECRET = "q2M8r-Xb1_c9ZkqV0uYwT3eN6hLpA4sD7fGjK5mB2nE";

function show(onClose = vi.fn()) {
  renderWithApp(
    <SecretOnceModal
      title="DTSEN terdaftar: simpan kredensialnya"
      values={[
        { label: "ID klien", value: "bina_0123456789abcdef0123" },
        { label: "Rahasia klien", value: SECRET, testId: "secret-value" },
      ]}
      note="Rahasia lama masih berlaku sampai 05/11/2026 14:30 WIB."
      onClose={onClose}
    />,
  );
  return onClose;
}

const writeText = vi.fn(async (_text: string) => undefined);
beforeEach(() => {
  writeText.mockClear();
  Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
});
afterEach(() => {
  Reflect.deleteProperty(navigator, "clipboard");
});

describe("a secret shown once", () => {
  it("warns, in Bahasa Indonesia, that it will not be shown again", async () => {
    show();
    const dialog = await screen.findByRole("dialog", { name: "DTSEN terdaftar: simpan kredensialnya" });
    const warning = screen.getByTestId("secret-warning");
    expect(dialog.contains(warning)).toBe(true);
    expect(warning.textContent).toContain("Hanya ditampilkan sekali ini");
    expect(warning.textContent).toMatch(/tidak dapat dilihat lagi/);
    expect(screen.getByTestId("secret-value").textContent).toBe(SECRET);
    expect(screen.getByText("Rahasia lama masih berlaku sampai 05/11/2026 14:30 WIB.")).toBeTruthy();
  });

  it("copies each value with its own button, and says so", async () => {
    show();
    fireEvent.click(await screen.findByRole("button", { name: "Salin Rahasia klien" }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(SECRET));
    expect(await screen.findByRole("button", { name: "Rahasia klien tersalin" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Salin ID klien" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Salin ID klien" }));
    await waitFor(() => expect(writeText).toHaveBeenLastCalledWith("bina_0123456789abcdef0123"));
  });

  it("closes only by the explicit button, not by Escape", async () => {
    const onClose = show();
    const dialog = await screen.findByRole("dialog");
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.queryByRole("button", { name: /tutup|close/i })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Sudah saya simpan" }));
    expect(onClose).toHaveBeenCalledOnce();
  });
});
