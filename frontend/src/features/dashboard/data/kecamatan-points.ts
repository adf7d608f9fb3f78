/** Kecamatan centre points of Kota Palembang for the coverage map, copied from
 * shared/data/palembang_kecamatan_centroids.csv (APPROXIMATE: rounded to 0.005 degrees, from no
 * authoritative source; good for map markers, never for distances a decision rests on). Keyed by
 * the Kemendagri code the stats API answers with. */
export type KecamatanPoint = { name: string; lat: number; lon: number };

export const KECAMATAN_POINTS: Record<string, KecamatanPoint> = {
  "16.71.01": { name: "Ilir Barat II", lat: -2.995, lon: 104.745 },
  "16.71.02": { name: "Seberang Ulu I", lat: -3.01, lon: 104.76 },
  "16.71.03": { name: "Seberang Ulu II", lat: -3.02, lon: 104.78 },
  "16.71.04": { name: "Ilir Barat I", lat: -2.985, lon: 104.73 },
  "16.71.05": { name: "Ilir Timur I", lat: -2.98, lon: 104.755 },
  "16.71.06": { name: "Ilir Timur II", lat: -2.97, lon: 104.775 },
  "16.71.07": { name: "Sukarami", lat: -2.925, lon: 104.74 },
  "16.71.08": { name: "Sako", lat: -2.935, lon: 104.79 },
  "16.71.09": { name: "Kemuning", lat: -2.95, lon: 104.75 },
  "16.71.10": { name: "Kalidoni", lat: -2.955, lon: 104.81 },
  "16.71.11": { name: "Bukit Kecil", lat: -2.988, lon: 104.75 },
  "16.71.12": { name: "Gandus", lat: -3.0, lon: 104.7 },
  "16.71.13": { name: "Kertapati", lat: -3.035, lon: 104.74 },
  "16.71.14": { name: "Plaju", lat: -3.015, lon: 104.81 },
  "16.71.15": { name: "Alang-Alang Lebar", lat: -2.91, lon: 104.71 },
  "16.71.16": { name: "Sematang Borang", lat: -2.92, lon: 104.82 },
  "16.71.17": { name: "Jakabaring", lat: -3.03, lon: 104.77 },
  "16.71.18": { name: "Ilir Timur III", lat: -2.965, lon: 104.765 },
};
