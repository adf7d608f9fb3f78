import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderWithApp } from "@/testing/render";

import { agencies } from "../testing";

import { AgencyTable } from "./agency-table";

const firstColumn = () =>
  within(screen.getByTestId("agency-table"))
    .getAllByRole("row")
    .slice(1)
    .map((r) => within(r).getAllByRole("cell")[0]?.querySelector("p")?.textContent);

describe("agency participation table", () => {
  it("shows every agency with its numbers, most mentors first", () => {
    renderWithApp(<AgencyTable items={agencies} />);
    expect(firstColumn()).toEqual(["Dinas Pendidikan", "Sekretariat Daerah", "Dinas Sosial"]);
    const row = screen.getByText("Dinas Pendidikan").closest("tr")!;
    expect(within(row).getAllByRole("cell").map((c) => c.textContent)).toEqual(["Dinas PendidikanDISDIK", "6.266", "3.970", "63%", "4.406", "4.589"]);
    expect(screen.getByRole("columnheader", { name: /Pendamping/ }).getAttribute("aria-sort")).toBe("descending");
  });

  it("sorts by any column, a second click reverses", () => {
    renderWithApp(<AgencyTable items={agencies} />);
    fireEvent.click(screen.getByRole("button", { name: /Kunjungan 30 hari/ }));
    expect(firstColumn()).toEqual(["Sekretariat Daerah", "Dinas Pendidikan", "Dinas Sosial"]);
    fireEvent.click(screen.getByRole("button", { name: /Kunjungan 30 hari/ }));
    expect(firstColumn()).toEqual(["Dinas Sosial", "Dinas Pendidikan", "Sekretariat Daerah"]);
    expect(screen.getByRole("columnheader", { name: /Kunjungan 30 hari/ }).getAttribute("aria-sort")).toBe("ascending");
    fireEvent.click(screen.getByRole("button", { name: /OPD/ }));
    expect(firstColumn()).toEqual(["Dinas Pendidikan", "Dinas Sosial", "Sekretariat Daerah"]);
    fireEvent.click(screen.getByRole("button", { name: /Partisipasi/ }));
    expect(firstColumn()).toEqual(["Dinas Sosial", "Sekretariat Daerah", "Dinas Pendidikan"]);
  });
});
